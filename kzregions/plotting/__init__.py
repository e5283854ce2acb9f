"""Drawing: classification (:mod:`.classes`), print maps (:mod:`.maps`), interactive maps
(:mod:`.explore`) and the ``gdf.kz`` accessor. The only part of kzregions that imports
matplotlib or folium (result objects import it lazily in their ``.plot()``)."""
