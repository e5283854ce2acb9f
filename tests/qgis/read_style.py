"""Run by tests/test_atlas_styles.py under a Python that has PyQGIS (e.g. Debian's python3 with
python3-qgis): open a GeoPackage layer headless the way QGIS does, and print as JSON the
renderer QGIS loaded from the file's default style, plus the colour QGIS gives each feature.

Usage: QT_QPA_PLATFORM=offscreen python3 read_style.py FILE.gpkg LAYER KEY_COLUMN
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsRenderContext,
    QgsVectorLayer,
)

path, layer, key = sys.argv[1:4]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
lyr = QgsVectorLayer(f"{path}|layername={layer}", layer, "ogr")
out = {"valid": lyr.isValid(), "features": lyr.featureCount()}
ren = lyr.renderer()
out["type"] = ren.type()
if ren.type() == "graduatedSymbol":
    out["attr"] = ren.classAttribute()
    out["ranges"] = [{"lower": r.lowerValue(), "upper": r.upperValue(), "label": r.label(),
                      "color": r.symbol().color().name(), "layers": r.symbol().symbolLayerCount()}
                     for r in ren.ranges()]
elif ren.type() == "categorizedSymbol":
    out["attr"] = ren.classAttribute()
    out["categories"] = [{"value": c.value(), "label": c.label(), "color": c.symbol().color().name(),
                          "layers": c.symbol().symbolLayerCount()} for c in ren.categories()]
ctx = QgsRenderContext()
# as QGIS does when it draws the layer: the expression context knows the layer and each feature
ctx.setExpressionContext(QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(lyr)))
ren.startRender(ctx, lyr.fields())
colors = {}
for f in lyr.getFeatures():
    ctx.expressionContext().setFeature(f)
    sym = ren.symbolForFeature(f, ctx)
    colors[str(f[key])] = sym.color().name() if sym is not None else None
ren.stopRender(ctx)
out["feature_colors"] = colors
print(json.dumps(out, ensure_ascii=False))
sys.stdout.flush()
# PyQGIS 3.22 often crashes while tearing down its C++ objects at interpreter exit; the
# answer is written, so leave without the teardown
os._exit(0)
