package greencover.service.source;

import java.time.Duration;
import java.util.List;

/**
 * What remote reads may do: which hosts they may reach ({@code allowedHosts}, empty for any public host), whether
 * loopback, link-local and private addresses are allowed (never by default: a URL in a request must not make the
 * server read its own network), the time each request may take, how often a 5xx or a lost connection is retried
 * (with doubling backoff from {@code backoff}), how many ranges are fetched at once, how many header bytes the
 * first request reads, the margin around the sites that a windowed ingest reads, where Planetary Computer's SAS
 * tokens come from, and {@code privateHosts}: host names (exactly as in the URL) whose loopback or private addresses are
 * allowed when {@code allowPrivateAddresses} is false (a catalog on the local network), every other host, a
 * redirect's target included, still having to resolve to public addresses.
 */
public record SourcePolicy(List<String> allowedHosts, boolean allowPrivateAddresses, Duration timeout, int retries,
                           Duration backoff, int parallelFetches, int headerBytes, double windowMarginM, java.net.URI sasEndpoint,
                           List<String> privateHosts) {
    /** Planetary Computer's SAS token API: {@code GET {endpoint}/{account}/{container}}. */
    public static final java.net.URI PLANETARY_COMPUTER_SAS = java.net.URI.create("https://planetarycomputer.microsoft.com/api/sas/v1/token");
    public static final int DEFAULT_HEADER_BYTES = 32 * 1024;
    public static final double DEFAULT_MARGIN_M = 500;
    /** Public hosts only, 30 s per request, 3 retries from 200 ms, 4 fetches at once, a 32 KiB header, 500 m margin. */
    public static final SourcePolicy DEFAULTS = new SourcePolicy(List.of(), false, Duration.ofSeconds(30), 3,
            Duration.ofMillis(200), 4, DEFAULT_HEADER_BYTES, DEFAULT_MARGIN_M, PLANETARY_COMPUTER_SAS, List.of());

    /** A policy without {@code privateHosts}. */
    public SourcePolicy(List<String> allowedHosts, boolean allowPrivateAddresses, Duration timeout, int retries,
                        Duration backoff, int parallelFetches, int headerBytes, double windowMarginM, java.net.URI sasEndpoint) {
        this(allowedHosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, sasEndpoint, List.of());
    }

    public SourcePolicy {
        if (sasEndpoint == null) sasEndpoint = PLANETARY_COMPUTER_SAS;
        allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        privateHosts = privateHosts == null ? List.of() : privateHosts.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        if (retries < 0 || parallelFetches < 1 || headerBytes < 16 || !(windowMarginM >= 0)) {
            throw new IllegalArgumentException("bad source policy: retries " + retries + ", parallel " + parallelFetches
                    + ", header " + headerBytes + ", margin " + windowMarginM);
        }
    }

    /** This policy allowing loopback and private addresses (tests, a catalog on the local network). */
    public SourcePolicy allowingPrivateAddresses() {
        return new SourcePolicy(allowedHosts, true, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, sasEndpoint, privateHosts);
    }

    /** This policy with a window margin of {@code metres}. */
    public SourcePolicy withWindowMargin(double metres) {
        return new SourcePolicy(allowedHosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, metres, sasEndpoint, privateHosts);
    }

    /** This policy signing Planetary Computer hrefs with tokens from {@code endpoint}. */
    public SourcePolicy withSasEndpoint(java.net.URI endpoint) {
        return new SourcePolicy(allowedHosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, endpoint, privateHosts);
    }

    /** This policy allowing the loopback or private addresses of {@code hosts} only (see the class comment). */
    public SourcePolicy withPrivateHosts(List<String> hosts) {
        return new SourcePolicy(allowedHosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, sasEndpoint, hosts);
    }

    /** This policy with {@code timeout} for each request: its response headers, then its body. */
    public SourcePolicy withTimeout(Duration timeout) {
        return new SourcePolicy(allowedHosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, sasEndpoint);
    }

    /** This policy reaching only {@code hosts} (and their subdomains; empty: any public host). */
    public SourcePolicy withAllowedHosts(List<String> hosts) {
        return new SourcePolicy(hosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, sasEndpoint);
    }

    /** This policy with these retry settings. */
    public SourcePolicy withRetries(int retries, Duration backoff) {
        return new SourcePolicy(allowedHosts, allowPrivateAddresses, timeout, retries, backoff, parallelFetches, headerBytes, windowMarginM, sasEndpoint, privateHosts);
    }
}
