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
