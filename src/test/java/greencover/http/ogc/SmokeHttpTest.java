package greencover.http.ogc;

import org.junit.jupiter.api.Test;

class SmokeHttpTest {
    @Test
    void smoke() {
        try (TestServer s = new TestServer()) {
            for (String u : new String[] {"/wms?SERVICE=WMS&REQUEST=GetCapabilities",
                    "/wms?service=wms&request=GetMap&version=1.3.0&layers=ndvi&styles=&crs=EPSG:4326&bbox=-1.3,116.9,-1.2,117&width=10&height=10&format=image/png",
                    "/wms?REQUEST=GetMap&LAYERS=nope", "/wmts/1.0.0/WMTSCapabilities.xml",
                    "/wmts/1.0.0/ndvi/default/WebMercatorQuad/3/2/5.png", "/tiles/ndvi/3/5/2.png", "/tiles/ndvi/3/5/2@2x.png",
                    "/tiles/ndvi/3/9/2.png", "/tiles/ndvi/tilejson.json", "/api/v1/layers"}) {
                var r = s.get(u);
                System.out.println(u + " -> " + r.statusCode() + " " + r.headers().firstValue("content-type").orElse("")
                        + " " + r.body().length + (r.body().length < 3000 && !r.headers().firstValue("content-type").orElse("").startsWith("image") ? "\n" + TestServer.text(r) : ""));
            }
            var o = s.send("OPTIONS", "/wmts/1.0.0/ndvi/x");
            System.out.println("OPTIONS " + o.statusCode() + o.headers().map());
        }
    }
}
