package greencover.store.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how the scene files are kept in an S3-compatible bucket.
 *
 * @param bucket          the bucket (3–63 characters: lower-case letters, digits, dots and hyphens)
 * @param prefix          the key prefix under which {@code scenes/} lies, empty or ending in {@code /}
 * @param endpoint        the service's URL (MinIO, Ceph, S3Proxy, …), or null for AWS itself; with an endpoint,
 *                        requests use path-style addressing ({@code endpoint/bucket/key})
 * @param region          the signing region, e.g. {@code us-east-1}
 * @param accessKeyId     the access key, or null for the SDK's default credential chain (profiles, instance roles)
 * @param secretAccessKey its secret; never shown by {@link #toString()}
 * @param cacheBytes      the most bytes of index rasters kept in this server's local cache, positive
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, String accessKeyId,
                         String secretAccessKey, long cacheBytes) {

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
        if (prefix.contains("//") || prefix.contains("\\")) throw new IllegalArgumentException("the key prefix '" + prefix + "' has an empty part or a backslash");
        if (endpoint != null && !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("the S3 endpoint must be an http:// or https:// URL but was '" + endpoint + "'");
        }
        if (region == null || region.isBlank()) region = "us-east-1";
        if (accessKeyId != null && accessKeyId.isBlank()) accessKeyId = null;
        if ((accessKeyId == null) != (secretAccessKey == null || secretAccessKey.isBlank())) {
            throw new IllegalArgumentException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
        }
        if (cacheBytes <= 0) throw new IllegalArgumentException("the local raster cache must be positive but was " + cacheBytes + " bytes");
    }

    /**
     * The bucket and prefix of a scene-store location {@code s3://bucket/prefix}, with the other settings.
     *
     * @throws IllegalArgumentException when {@code location} is not such a URL
     */
    public static S3Settings of(String location, URI endpoint, String region, String accessKeyId, String secretAccessKey, long cacheBytes) {
        if (!isS3(location)) throw new IllegalArgumentException("a scene store in object storage is s3://bucket/prefix, not '" + location + "'");
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        return new S3Settings(bucket, prefix, endpoint, region, accessKeyId, secretAccessKey, cacheBytes);
    }

    /** Whether {@code location} names a bucket ({@code s3://…}). */
    public static boolean isS3(String location) {
        return location != null && location.toLowerCase(Locale.ROOT).startsWith("s3://");
    }

    /** {@code s3://bucket/prefix}, as configured. */
    public String location() { return "s3://" + bucket + "/" + prefix; }

    @Override
    public String toString() {
        return "S3Settings[" + location() + ", endpoint=" + endpoint + ", region=" + region + ", accessKeyId="
                + (accessKeyId == null ? "(default chain)" : accessKeyId) + ", secretAccessKey=(hidden), cacheBytes=" + cacheBytes + "]";
    }
}
