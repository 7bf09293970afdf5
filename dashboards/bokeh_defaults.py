"""Bokeh's property defaults, worked out once per model class instead of at every read.

Why: a Bokeh model that leaves a property at its default computes that default again each time
the property is read (copy, then validation of the value against the property's type, in
`Property.themed_default`), and one page request reads every property of every model several
times: Panel's template walks the model graph four times (`Model.references`), then Bokeh
serialises it. Profiled in the served app (py-spy, sequential visits of every page), this was
30% of the server's time per page; `benchmarks/README.md` has the figures. Each of those reads
also asks the model for its theme's values with `getattr(model, "__themed_values__", None)`,
which for a model without a theme (most) raises and catches two AttributeErrors through
`HasProps.__getattr__` (another 8%): the same answer is read from the instance's `__dict__`,
where `HasProps.apply_theme` puts it.

What is kept: only a default that is the same immutable value for every instance of a class (a
number, a string, None, a tuple of those) and that the document's theme does not override for
that model. Defaults Bokeh itself calls unstable (a list, a dict, a model made per instance) and
themed values go through Bokeh's own code every time, as before. The memo is per (property,
class), so a subclass overriding a default is its own entry.

`install()` is idempotent; `uninstall()` puts Bokeh's method back (the test compares both).
"""
from __future__ import annotations

from bokeh.core.has_props import HasProps
from bokeh.core.property.descriptors import PropertyDescriptor

_BOKEH_GET_DEFAULT = PropertyDescriptor._get_default
_BOKEH_THEMED_VALUES = HasProps.themed_values
_IMMUTABLE = (type(None), bool, int, float, str)
_memo: dict[tuple[PropertyDescriptor, type], object] = {}


def _immutable(value) -> bool:
    if type(value) in _IMMUTABLE:
        return True
    return type(value) is tuple and all(_immutable(v) for v in value)


def _get_default(self: PropertyDescriptor, obj):
    themed = obj.themed_values()
    if themed is not None and self.name in themed:
        return _BOKEH_GET_DEFAULT(self, obj)
    key = (self, obj.__class__)
    try:
        return _memo[key]
    except KeyError:
        pass
    value = _BOKEH_GET_DEFAULT(self, obj)
    if _immutable(value) and not self.has_unstable_default(obj):
        _memo[key] = value
    return value


def _themed_values(self: HasProps):
    # apply_theme sets (and removes) it as an instance attribute; the class only annotates it
    return self.__dict__.get("__themed_values__")


def install() -> None:
    """Use the memo for every Bokeh model of this process."""
    PropertyDescriptor._get_default = _get_default
    HasProps.themed_values = _themed_values


def uninstall() -> None:
    """Bokeh's own default lookup again (and the memo emptied)."""
    PropertyDescriptor._get_default = _BOKEH_GET_DEFAULT
    HasProps.themed_values = _BOKEH_THEMED_VALUES
    _memo.clear()
