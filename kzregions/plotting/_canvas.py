"""The canvas of the pages kzregions builds (maps on paper, atlas sheets).

Pages are bare :class:`~matplotlib.figure.Figure` objects: nothing is registered with pyplot,
and a base canvas makes the ``draw_idle()`` that geopandas calls after each layer a no-op (an
Agg canvas would render the whole page every time). But a base canvas has no renderer of
its own, so every text measurement (label placement, legends, tables) made matplotlib build
a new one by starting a throw-away print of the page, and measure every string again: an
atlas built 176 renderers for 21 pages. This canvas keeps one Agg renderer per page size
and resolution, as an Agg canvas does, and still draws nothing until the page is saved
(``savefig`` switches to the canvas of the format, as before).
"""

from __future__ import annotations

from contextlib import contextmanager

from matplotlib.backend_bases import FigureCanvasBase


class PageCanvas(FigureCanvasBase):
    """A base canvas with a kept renderer for measuring text (see the module docstring)."""

    def get_renderer(self):
        from matplotlib.backends.backend_agg import RendererAgg

        w, h = self.figure.bbox.size
        key = (w, h, self.figure.dpi)
        if getattr(self, "_key", None) != key:
            self._renderer = RendererAgg(w, h, self.figure.dpi)
            self._key = key
        return self._renderer


def page(figsize) -> object:
    """A new bare figure of ``figsize`` inches on a :class:`PageCanvas`."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    PageCanvas(fig)
    return fig


@contextmanager
def older_objects_frozen():
    """Leave the objects that exist before a long drawing job out of Python's full garbage
    collections while it runs.

    Each atlas page is a figure of thousands of objects held in reference cycles, freed
    only by the cyclic collector; as pages are made and dropped, Python runs full
    collections, and each walks every object of the session (about 300 k once boundaries
    and statistics are loaded): 0.5-0.9 s of a 21-page atlas, against 0.26 s with them
    frozen. :func:`gc.freeze` takes the existing objects out of those walks and
    :func:`gc.unfreeze` puts them back (into the oldest generation) at the end. Where
    something else has frozen objects already, nothing is done (its freeze is kept).
    """
    import gc

    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
