package greencover.service.source;

import java.net.URI;

/** Names of sources in messages: an href without its query (a signature) or fragment. */
final class SceneServiceNames {
    private SceneServiceNames() {}

    static String unsigned(URI href) {
        String s = href.toString();
        int q = s.indexOf('?'), f = s.indexOf('#');
        int cut = q < 0 ? f : f < 0 ? q : Math.min(q, f);
        return cut < 0 ? s : s.substring(0, cut);
    }
}
