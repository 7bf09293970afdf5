"""Expenditure import: each refusal names file, row, column and reason, and writes nothing."""
import pytest

from bigcats.ingest.expenditures import ExpendituresRefused, add_expenditure, import_expenditures

pytestmark = pytest.mark.both_backends

HEADER = "date,proposal,activity,amount,currency,rate_to_usd,description\n"
GOOD = "2020-02-10,1,1.1,1200,USD,,legal review RU\n2020-02-20,1,1.2,50000,RUB,0.0135,expert travel\n"


def count(store):
    return store.sql("SELECT count(*) AS n FROM expenditures")["n"][0], store.sql("SELECT count(*) AS n FROM imports")["n"][0]


def write(tmp_path, text, encoding="utf-8"):
    p = tmp_path / "spend.csv"
    p.write_bytes(text.encode(encoding))
    return p


def test_good_file_imports_in_usd(seed_store, tmp_path):
    assert import_expenditures(seed_store, write(tmp_path, HEADER + GOOD)) == 2
    usd = seed_store.sql("SELECT sum(amount * rate_to_usd)::DOUBLE AS usd FROM expenditures")["usd"][0]
    assert usd == pytest.approx(1200 + 50000 * 0.0135)


@pytest.mark.parametrize("row, where, reason", [
    ("2020-02-10,1,9.9,100,USD,,x", "row 3, column 'activity'", "unknown activity '9.9' of proposal 1"),
    ("2020-02-10,1,1.1,-5,USD,,x", "row 3, column 'amount'", "must be more than zero"),
    ("2020-02-10,1,1.1,0,USD,,x", "row 3, column 'amount'", "must be more than zero"),
    ("2020-02-10,1,1.1,abc,USD,,x", "row 3, column 'amount'", "is not a number"),
    ("2020-02-10,1,1.1,100,CNY,,x", "row 3, column 'rate_to_usd'", "needs its rate to USD"),
    ("2019-06-01,1,1.1,100,USD,,x", "row 3, column 'date'", "outside proposal 1's period 2020-01-01 – 2022-12-31"),
    ("10.02.2020,1,1.1,100,USD,,x", "row 3, column 'date'", "is not a date"),
    ("2020-02-10,7,1.1,100,USD,,x", "row 3, column 'proposal'", "no proposal 7"),
    ("2020-02-10,1,1.1,100,US,,x", "row 3, column 'currency'", "three-letter"),
    ("2020-02-10,1,1.1,100,USD,70,x", "row 3, column 'rate_to_usd'", "a USD amount has rate 1"),
])
def test_bad_row_is_refused_and_nothing_written(seed_store, tmp_path, row, where, reason):
    before = count(seed_store)
    with pytest.raises(ExpendituresRefused) as err:
        import_expenditures(seed_store, write(tmp_path, HEADER + GOOD.splitlines()[0] + "\n" + row + "\n"))
    assert where in str(err.value) and reason in str(err.value) and "nothing was imported" in str(err.value)
    assert count(seed_store) == before


def test_missing_column_and_wrong_encoding(seed_store, tmp_path):
    with pytest.raises(ExpendituresRefused, match="row 1, column 'amount': required column missing"):
        import_expenditures(seed_store, write(tmp_path, "date,proposal,activity,currency\n2020-02-10,1,1.1,USD\n"))
    with pytest.raises(ExpendituresRefused, match="not UTF-8"):
        import_expenditures(seed_store, write(tmp_path, HEADER + "2020-02-10,1,1.1,100,USD,,Überweisung\n", "latin-1"))
    assert count(seed_store) == (0, 0)


def test_over_budget_needs_confirmation(seed_store, tmp_path):
    # 1.1 has a budget of 4,000 USD; 4,300 is within 10%, 4,500 is not
    ok = write(tmp_path, HEADER + "2020-02-10,1,1.1,4300,USD,,x\n")
    assert import_expenditures(seed_store, ok) == 1
    more = tmp_path / "more.csv"
    more.write_text(HEADER + "2020-03-10,1,1.1,200,USD,,y\n", encoding="utf-8")
    with pytest.raises(ExpendituresRefused) as err:
        import_expenditures(seed_store, more)
    assert err.value.over_budget and "4,500 USD against its budget of 4,000 USD" in str(err.value)
    assert count(seed_store)[0] == 1
    assert import_expenditures(seed_store, more, confirm_over_budget=True) == 1
    assert import_expenditures(seed_store, write(tmp_path, HEADER + "2020-03-11,1,1.1,2000,USD,,z\n"), tolerance=1.0) == 1


def test_form_entry_uses_the_same_checks(seed_store):
    e = add_expenditure(seed_store, 2, "L1", "2021-02-01", "1500", "USD", description="census fuel")
    assert e.amount_usd == 1500
    with pytest.raises(ExpendituresRefused, match="form, row 1, column 'activity'"):
        add_expenditure(seed_store, 2, "1.1", "2021-02-01", "10", "USD")
    assert count(seed_store)[0] == 1
