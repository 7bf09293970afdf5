"""Logins as an attacker tries them: fast wrong passwords are throttled and then lock the account,
the right password does not open a locked account until an admin unlocks it, and a session ends
at logout and at a password change."""
import pytest

from bigcats import logins
from bigcats.access import Actor
from bigcats.accounts import add_user, set_password
from bigcats.logins import LoginRefused, Throttle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def accounts(seed_store):
    add_user(seed_store, "olga", "editor", "olga's long password", parks=["LLNP"])
    add_user(seed_store, "boss", "admin", "the boss's password")
    return seed_store


def test_twenty_fast_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(accounts):
    throttle = Throttle(Clock())
    messages = []
    for _ in range(20):
        with pytest.raises(LoginRefused) as err:
            logins.authenticate(accounts, "olga", "guess", "10.0.0.9", throttle)
        messages.append(str(err.value))
    assert messages[0] == "wrong user name or password"
    assert any("too many failed logins" in m for m in messages[:10])
    assert messages[-1] == logins.LOCKED
    assert logins.is_locked(accounts, "olga")
    # the right password does not open a locked account, from another address either
    with pytest.raises(LoginRefused, match="locked"):
        logins.authenticate(accounts, "olga", "olga's long password", "10.0.0.10", Throttle(Clock()))
    # only an admin unlocks
    with pytest.raises(PermissionError):
        logins.unlock(accounts.as_actor(Actor("olga", "editor", frozenset({"LLNP"}))), "olga")
    logins.unlock(accounts, "olga")
    actor = logins.authenticate(accounts, "olga", "olga's long password", "10.0.0.10", Throttle(Clock()))
    assert actor.name == "olga" and not logins.is_locked(accounts, "olga")
    assert not logins.locked_accounts(accounts).height


def test_throttled_attempts_are_not_checked_and_the_window_passes(accounts, monkeypatch):
    throttle = Throttle(Clock())
    checked = []
    real = logins.accounts.check_password
    monkeypatch.setattr(logins.accounts, "check_password", lambda *a: checked.append(a) or real(*a))
    for _ in range(logins.PER_ACCOUNT):
        with pytest.raises(LoginRefused, match="wrong"):
            logins.authenticate(accounts, "boss", "guess", "10.0.0.1", throttle)
    with pytest.raises(LoginRefused, match="too many"):
        logins.authenticate(accounts, "boss", "the boss's password", "10.0.0.2", throttle)  # from anywhere
    assert len(checked) == logins.PER_ACCOUNT  # the throttled attempt cost no bcrypt check
    with accounts.transaction() as cur:  # the window passes
        cur.execute("UPDATE login_failures SET last_failed_at = last_failed_at - to_seconds(?::DOUBLE)",
                    [logins.WINDOW + 1])
    assert logins.authenticate(accounts, "boss", "the boss's password", "10.0.0.1", throttle).is_admin
    assert accounts.sql("SELECT count(*) AS n FROM login_failures")["n"][0] == 0  # a success clears the count


def test_one_address_guessing_many_accounts_is_throttled(accounts):
    throttle = Throttle(Clock())
    for n in range(logins.PER_ADDRESS):
        with pytest.raises(LoginRefused):
            logins.authenticate(accounts, f"nobody{n}", "guess", "10.9.9.9", throttle)
    with pytest.raises(LoginRefused, match="too many"):
        logins.authenticate(accounts, "boss", "the boss's password", "10.9.9.9", throttle)
    assert logins.authenticate(accounts, "boss", "the boss's password", "10.1.1.1", throttle).is_admin


def test_sessions_end_at_logout_and_at_a_password_change(accounts):
    a = logins.start_session(accounts, "olga")
    b = logins.start_session(accounts, "olga")
    assert logins.session_user(accounts, a) == "olga" and logins.session_user(accounts, b) == "olga"
    assert logins.session_user(accounts, "forged") is None and logins.session_user(accounts, None) is None
    logins.end_session(accounts, a)
    assert logins.session_user(accounts, a) is None and logins.session_user(accounts, b) == "olga"
    set_password(accounts, "olga", "a brand new password")
    assert logins.session_user(accounts, b) is None
    stored = accounts.sql("SELECT session_token_hash FROM login_sessions")["session_token_hash"].to_list()
    assert a not in stored and b not in stored  # only digests are kept
