package greencover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.domain.StartupRefusedException;
import greencover.store.s3.S3SceneFileStore;
import greencover.testing.PostgresServer;
import greencover.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scene store belongs to one catalog (issue 8): the first catalog that opens a bucket prefix, or a
 * {@code --scene-store} folder, records its id there ({@code prefix/catalog-id}); a server of another catalog is
 * refused with one line before anything is migrated or deleted (its recovery would take the first catalog's scenes
 * for leftovers), while a second server of the same catalog shares the store. Real PostgreSQL databases, a real
 * S3-compatible server (S3Proxy in its own JVM) and embedded H2 catalogs.
 */
@ExtendWith(PostgresServer.class)
class SceneStoreOwnershipTest {
    private static S3ProxyServer s3;
    private static Path s3Dir;

    @TempDir Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3Dir = Files.createTempDirectory("greencover-s3proxy-");
        s3 = S3ProxyServer.start(s3Dir);
        s3.createBucket("gc-owners");
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) s3.close();
        if (s3Dir != null) {
            try (var w = Files.walk(s3Dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private AppConfig config(String data, PostgresServer.Database db, String location) {
        AppConfig.SceneStore store = location.startsWith("s3://")
                ? new AppConfig.SceneStore(location, s3.endpoint(), S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, 64L << 20)
                : new AppConfig.SceneStore(location, null, null, null, null, AppConfig.SceneStore.DEFAULT_CACHE_BYTES);
        AppConfig.Builder b = AppConfig.forTests(dir.resolve(data), "t").toBuilder().sceneStore(store);
        if (db != null) b.jdbc(db.url(), db.user(), db.password());
        return b.build();
    }

    private static String catalogId(PostgresServer.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT catalog_id FROM catalog_identity WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static long tables(PostgresServer.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSecondCatalogOnOneBucketPrefixIsRefusedInOneLineAndTheSameCatalogIsAccepted(PostgresServer.Database a, PostgresServer.Database b)
            throws Exception {
        String prefix = "s3://gc-owners/shared";
        try (Services first = Services.open(config("a1", a, prefix))) {
            String id = catalogId(a);
            assertThat(s3.keys("gc-owners", "shared/")).containsExactly("shared/" + S3SceneFileStore.OWNER_KEY);
            try (var c = s3.client()) {
                assertThat(c.getObjectAsBytes(g -> g.bucket("gc-owners").key("shared/" + S3SceneFileStore.OWNER_KEY)).asUtf8String().trim())
                        .isEqualTo(id);
            }
            try (Services secondOfA = Services.open(config("a2", a, prefix))) { // another server of the same catalog
                assertThat(secondOfA.catalogHealth()).isNotNull();
            }
            assertThatThrownBy(() -> Services.open(config("b1", b, prefix)))
                    .isInstanceOf(StartupRefusedException.class)
                    .hasMessage("the scene store s3://gc-owners/shared/ belongs to catalog " + id + ", not to the catalog given "
                            + "(a catalog without an id: new, or of a release before 0.2): start with the --jdbc-url of its own catalog, "
                            + "or give each catalog a --scene-store prefix of its own");
            assertThat(tables(b)).as("the refused catalog is not migrated").isZero();
            try (Services otherPrefix = Services.open(config("b2", b, "s3://gc-owners/other"))) { // its own prefix: accepted
                assertThat(s3.keys("gc-owners", "other/")).containsExactly("other/" + S3SceneFileStore.OWNER_KEY);
            }
            String idB = catalogId(b);
            assertThatThrownBy(() -> Services.open(config("b3", b, prefix))) // now with an id of its own
                    .isInstanceOf(StartupRefusedException.class)
                    .hasMessageContaining("belongs to catalog " + id + ", not to the catalog given (" + idB + ")")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void anEmbeddedCatalogIsRefusedOnAPostgresCatalogsPrefixAndOnAnotherEmbeddedCatalogsFolder(PostgresServer.Database a) throws Exception {
        try (Services pg = Services.open(config("pg", a, "s3://gc-owners/pg-owned"))) {
            assertThatThrownBy(() -> Services.open(config("h2", null, "s3://gc-owners/pg-owned")))
                    .isInstanceOf(StartupRefusedException.class)
                    .hasMessageStartingWith("the scene store s3://gc-owners/pg-owned/ belongs to catalog " + catalogId(a) + ", not to the catalog given (");
        }
        String folder = dir.resolve("shared-folder").toString();
        try (Services one = Services.open(config("h2-one", null, folder))) {
            assertThat(Files.readString(dir.resolve("shared-folder/catalog-id")).trim())
                    .isEqualTo(Files.readString(dir.resolve("h2-one/catalog-id")).trim());
        }
        try (Services again = Services.open(config("h2-one", null, folder))) { // the same catalog again
            assertThat(again.isEmpty()).isTrue();
        }
        assertThatThrownBy(() -> Services.open(config("h2-two", null, folder)))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith("the scene store " + dir.resolve("shared-folder").toAbsolutePath() + " belongs to catalog ")
                .hasMessageEndingWith("or give each catalog a --scene-store folder of its own");
    }
}
