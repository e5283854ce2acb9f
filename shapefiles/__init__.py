"""Boundary data manifest (installed as ``kzregions.shapefiles``); no geometry lives here."""
