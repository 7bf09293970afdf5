"""dashboards.bokeh_defaults: every Bokeh model reads the same property values with the memo as
without it, a theme still wins over a remembered default, and nothing mutable is shared."""
from __future__ import annotations

import pytest
from bokeh.document import Document
from bokeh.model import Model
from bokeh.models import ColumnDataSource, Range1d
from bokeh.plotting import figure
from bokeh.themes import Theme

from dashboards import bokeh_defaults


def _concrete_models() -> list[type[Model]]:
    import bokeh.models  # noqa: F401  (registers every model class)
    out = []
    for cls in sorted(set(Model.model_class_reverse_map.values()), key=lambda c: c.__view_module__ + c.__name__):
        try:
            cls()
        except Exception:  # abstract, or needs arguments: not made by default anywhere
            continue
        out.append(cls)
    return out


def _plain(value):
    """A value with every model in it replaced by its type (a new instance, a new id, each time)."""
    if isinstance(value, Model):
        return type(value)
    if isinstance(value, (list, tuple)):
        return type(value), [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return repr(value)


def _values(obj: Model) -> dict:
    """Every property's value."""
    out = {}
    for name in sorted(obj.properties()):
        try:
            out[name] = _plain(getattr(obj, name))
        except Exception as exc:  # an unset required property raises the same either way
            out[name] = type(exc)
    return out


@pytest.fixture
def memo():
    bokeh_defaults.install()
    yield bokeh_defaults._memo
    bokeh_defaults.uninstall()


def test_every_model_class_reads_the_same_defaults_with_the_memo(memo):
    classes = _concrete_models()
    assert len(classes) > 300  # Bokeh's models and Panel's own
    with_memo = {}
    for cls in classes:
        cls()  # the first instance fills the memo, the second reads it
        with_memo[cls] = _values(cls())
    assert len(memo) > 1000
    bokeh_defaults.uninstall()
    for cls in classes:
        assert _values(cls()) == with_memo[cls], cls.__name__


def test_only_immutable_values_are_remembered(memo):
    for cls in _concrete_models():
        _values(cls())
    kinds = {type(v) for v in memo.values()}
    assert kinds <= {type(None), bool, int, float, str, tuple}, kinds
    lists = [(d.name, c.__name__) for (d, c), v in memo.items() if isinstance(v, (list, dict))]
    assert not lists


def test_a_theme_overrides_a_remembered_default(memo):
    plain = figure()
    assert plain.background_fill_color == "#ffffff"  # remembered for the figure class
    doc = Document()
    doc.theme = Theme(json={"attrs": {"Plot": {"background_fill_color": "#123456"}}})
    themed = figure()
    doc.add_root(themed)
    assert themed.background_fill_color == "#123456"
    assert plain.background_fill_color == "#ffffff"
    doc.remove_root(themed)  # the theme leaves the model, its default comes back
    assert themed.background_fill_color == "#ffffff"


def test_a_changed_value_stays_with_its_own_model(memo):
    a, b = Range1d(), Range1d()
    a.start = 5
    assert (a.start, b.start, Range1d().start) == (5, 0, 0)
    s1, s2 = ColumnDataSource(), ColumnDataSource()
    s1.data["x"] = [1]
    assert s2.data == {} and ColumnDataSource().data == {}  # a dict default is never shared


def test_uninstall_restores_bokeh(memo):
    from bokeh.core.has_props import HasProps
    from bokeh.core.property.descriptors import PropertyDescriptor
    bokeh_defaults.uninstall()
    assert PropertyDescriptor._get_default is bokeh_defaults._BOKEH_GET_DEFAULT
    assert HasProps.themed_values is bokeh_defaults._BOKEH_THEMED_VALUES
    assert not bokeh_defaults._memo
