package greencover.service.source;

import greencover.core.raster.RangeReader.RemoteReadException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one rule for which URLs the server may fetch (SSRF): http and https only (file: only where private addresses
 * are allowed, since it reads the server's own disk), a host in {@link SourcePolicy#allowedHosts()} when that list
 * is not empty, and every address the host resolves to public: loopback, link-local, site-local (10/8, 172.16/12,
 * 192.168/16), unique-local IPv6 (fc00::/7), carrier-grade NAT (100.64/10), the unspecified address and multicast
 * are refused unless {@link SourcePolicy#allowPrivateAddresses()}, or the URL's host is one of
 * {@link SourcePolicy#privateHosts()} (by name: another name of the same address is still refused).
 */
final class Addresses {
    private Addresses() {}

    static void check(URI uri, SourcePolicy policy, String name) throws RemoteReadException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            if (!policy.allowPrivateAddresses()) {
                throw new RemoteReadException("source_refused", false, name + ": file: URLs are not allowed on this server", null);
            }
            return;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RemoteReadException("source_refused", false, name + ": only http, https (and file, where allowed) URLs can be read, not '"
                    + scheme + ":'", null);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) throw new RemoteReadException("source_refused", false, name + ": the URL has no host", null);
        String h = host.toLowerCase(Locale.ROOT);
        if (!policy.allowedHosts().isEmpty() && policy.allowedHosts().stream().noneMatch(a -> h.equals(a) || h.endsWith("." + a))) {
            throw new RemoteReadException("source_refused", false, name + ": host " + host + " is not among the allowed source hosts", null);
        }
        if (policy.allowPrivateAddresses() || policy.privateHosts().contains(h)) return;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
        } catch (UnknownHostException e) {
            throw new RemoteReadException("source_not_found", false, name + ": host " + host + " is unknown", e);
        }
        for (InetAddress a : all) {
            if (isPrivate(a)) {
                throw new RemoteReadException("source_refused", false, name + ": host " + host + " resolves to the non-public address "
                        + a.getHostAddress() + ", which this server does not fetch from", null);
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) return true; // fc00::/7
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = b[0] & 0xFF, second = b[1] & 0xFF;
        return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254);
    }
}
