package greencover.app;

import greencover.domain.StartupRefusedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, then environment, then explicit settings; the token file; and secrets kept out of toString. */
class AppConfigTest {
    @TempDir Path dir;

    @Test
    void defaultsAreThoseDocumented() {
        AppConfig c = AppConfig.builder().build();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.samplesDir()).isEqualTo(Path.of("sample-tiles"));
        assertThat(c.tokenFile()).isEqualTo(Path.of("data", "token"));
        assertThat(c.token()).isNull();
        assertThat(c.jdbcUrl()).isNull();
        assertThat(c.maxUploadBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(c.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.tileCacheBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(c.basemapUrl()).isNull();
        assertThat(c.minFreeBytes()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void theFreeSpaceReserveComesFromTheEnvironmentInMebibytes() {
        assertThat(AppConfig.builder().environment(Map.of("GREENCOVER_MIN_FREE_MB", "10")).build().minFreeBytes())
                .isEqualTo(10L * 1024 * 1024);
        assertThat(AppConfig.builder().environment(Map.of("GREENCOVER_MIN_FREE_MB", "0")).build().minFreeBytes()).isZero();
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_MIN_FREE_MB", "-5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREENCOVER_MIN_FREE_MB");
    }

    @Test
    void environmentOverridesDefaultsAndLaterSettingsOverrideTheEnvironment() {
        Map<String, String> env = Map.of("GREENCOVER_PORT", "9000", "GREENCOVER_DATA", "/srv/gc", "GREENCOVER_TOKEN", " s3cret ",
                "GREENCOVER_TILE_CACHE_MB", "3", "GREENCOVER_MAX_UPLOAD_MB", "5", "GREENCOVER_BASEMAP", "https://t/{z}/{x}/{y}.png",
                "GREENCOVER_JDBC_URL", "jdbc:postgresql://db/gc", "GREENCOVER_JDBC_USER", "gc", "GREENCOVER_JDBC_PASSWORD", "pw");
        AppConfig fromEnv = AppConfig.builder().environment(env).build();
        assertThat(fromEnv.port()).isEqualTo(9000);
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/srv/gc"));
        assertThat(fromEnv.tokenFile()).isEqualTo(Path.of("/srv/gc/token"));
        assertThat(fromEnv.token()).isEqualTo("s3cret");
        assertThat(fromEnv.tileCacheBytes()).isEqualTo(3L * 1024 * 1024);
        assertThat(fromEnv.maxUploadBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(fromEnv.basemapUrl()).isEqualTo("https://t/{z}/{x}/{y}.png");
        assertThat(List.of(fromEnv.jdbcUrl(), fromEnv.jdbcUser(), fromEnv.jdbcPassword()))
                .containsExactly("jdbc:postgresql://db/gc", "gc", "pw");

        AppConfig flags = AppConfig.builder().environment(env).port(1234).jdbcOverrides(null, "other", null).build();
        assertThat(flags.port()).isEqualTo(1234);
        assertThat(List.of(flags.jdbcUrl(), flags.jdbcUser(), flags.jdbcPassword()))
                .containsExactly("jdbc:postgresql://db/gc", "other", "pw");
    }

    @Test
    void blankVariablesCountAsUnset() {
        AppConfig c = AppConfig.builder().environment(Map.of("GREENCOVER_PORT", " ", "GREENCOVER_TOKEN", "", "GREENCOVER_BASEMAP", "  "))
                .build();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.token()).isNull();
        assertThat(c.basemapUrl()).isNull();
    }

    @Test
    void admissionBoundsComeFromTheEnvironmentAndTheAutomaticBudgetIsHalfTheHeapBesideTheTileCache() {
        AppConfig.Admission a = AppConfig.builder().environment(Map.of("GREENCOVER_MEMORY_BUDGET_MB", "300",
                "GREENCOVER_ADMISSION_WAIT_MS", "50", "GREENCOVER_INGESTS", "2", "GREENCOVER_INGEST_QUEUE", "0")).build().admission();
        assertThat(a).isEqualTo(new AppConfig.Admission(300L << 20, 50, 2, 0, 30_000, 1L << 20));
        AppConfig.Admission b = AppConfig.builder().environment(Map.of("GREENCOVER_BODY_TIMEOUT_S", "5",
                "GREENCOVER_MAX_ANONYMOUS_BODY_KB", "64")).build().admission();
        assertThat(b.bodyTimeoutMillis()).isEqualTo(5000);
        assertThat(b.maxAnonymousBodyBytes()).isEqualTo(64 * 1024);
        assertThat(a.effectiveMemoryBudgetBytes(4L << 30, 1L << 30)).isEqualTo(300L << 20);
        AppConfig.Admission auto = AppConfig.builder().build().admission();
        assertThat(auto).isEqualTo(AppConfig.Admission.DEFAULTS);
        // (2048 - 256) MiB / 2 = 896 MiB; a tiny heap still gets 64 MiB
        assertThat(auto.effectiveMemoryBudgetBytes(2048L << 20, 256L << 20)).isEqualTo(896L << 20);
        assertThat(auto.effectiveMemoryBudgetBytes(100L << 20, 64L << 20)).isEqualTo(64L << 20);
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_INGEST_QUEUE", "-1")))
                .hasMessageContaining("GREENCOVER_INGEST_QUEUE");
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_INGESTS", "0")))
                .hasMessageContaining("ingestsRunning");
    }

    @Test
    void unparsableOrOutOfRangeValuesNameTheirSource() {
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREENCOVER_PORT").hasMessageContaining("'eighty'");
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_TILE_CACHE_MB", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREENCOVER_TILE_CACHE_MB");
        assertThatThrownBy(() -> AppConfig.builder().port(70000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> AppConfig.builder().maxUploadBytes(0).build()).hasMessageContaining("maxUploadBytes");
    }

    @Test
    void theShortestWatchIntervalAndThePrivateHostsComeFromTheEnvironment() {
        assertThat(AppConfig.builder().build().watchMinEvery()).isEqualTo(java.time.Duration.ofMinutes(1));
        AppConfig c = AppConfig.builder().environment(Map.of("GREENCOVER_WATCH_MIN_EVERY", "PT10S",
                "GREENCOVER_SOURCE_PRIVATE_HOSTS", "stac.internal, Catalog.Lan", "GREENCOVER_SOURCE_HOSTS", "example.org")).build();
        assertThat(c.watchMinEvery()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(c.sources().privateHosts()).containsExactly("stac.internal", "catalog.lan");
        assertThat(c.sources().allowedHosts()).containsExactly("example.org");
        assertThat(c.sources().allowPrivateAddresses()).isFalse();
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_WATCH_MIN_EVERY", "6h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREENCOVER_WATCH_MIN_EVERY").hasMessageContaining("'6h'");
        assertThatThrownBy(() -> AppConfig.builder().watchMinEvery(java.time.Duration.ZERO).build()).hasMessageContaining("watchMinEvery");
    }

    @Test
    void forTestsUsesAnEphemeralPortNoSamplesAndTheGivenToken() {
        AppConfig c = AppConfig.forTests(dir, "t");
        assertThat(c.port()).isZero();
        assertThat(c.samplesDir()).isNull();
        assertThat(c.token()).isEqualTo("t");
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(c.toBuilder().maxUploadBytes(7).build()).isEqualTo(new AppConfig(0, dir, null, "t", null, null, null, null,
                7, c.maxBodyBytes(), c.tileCacheBytes(), null, c.minFreeBytes(), AppConfig.Admission.DEFAULTS,
                java.util.List.of("*"), java.util.List.of(), "0.0.0.0", greencover.service.source.SourcePolicy.DEFAULTS, AppConfig.Sharing.DEFAULTS));
    }

    @Test
    void aPostgresCatalogNeedsAConfiguredTokenAndNeverGeneratesOne() throws Exception {
        AppConfig shared = AppConfig.builder().dataDir(dir.resolve("data")).jdbc("jdbc:postgresql://127.0.0.1/gc", "u", "p").build();
        List<String> announced = new ArrayList<>();
        assertThatThrownBy(() -> shared.withResolvedToken(announced::add)).isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("GREENCOVER_TOKEN").hasMessageContaining("--token-file");
        assertThat(dir.resolve("data/token")).doesNotExist();
        assertThat(announced).isEmpty();

        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/token"), "shared-secret\n"); // a file every server reads
        assertThat(shared.withResolvedToken(announced::add).token()).isEqualTo("shared-secret");
        assertThat(shared.toBuilder().token("set").build().withResolvedToken(announced::add).token()).isEqualTo("set");
        assertThat(announced).isEmpty();
    }

    @Test
    void sharingSettingsComeFromTheEnvironmentAndMustBePositive() {
        AppConfig c = AppConfig.builder().environment(Map.of("GREENCOVER_VERSION_POLL_MS", "2500", "GREENCOVER_LEFTOVER_AGE_S", "7200")).build();
        assertThat(c.sharing()).isEqualTo(new AppConfig.Sharing(2500, 7200));
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_VERSION_POLL_MS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREENCOVER_VERSION_POLL_MS");
    }

    @Test
    void aMissingTokenIsGeneratedOnceIntoTheTokenFileAndThenReadBack() throws Exception {
        List<String> announced = new ArrayList<>();
        AppConfig c = AppConfig.builder().dataDir(dir.resolve("data")).build();
        String first = c.withResolvedToken(announced::add).token();
        assertThat(first).matches("[0-9a-f]{48}");
        assertThat(Files.readString(dir.resolve("data/token")).trim()).isEqualTo(first);
        assertThat(announced).singleElement().asString().contains(first).contains(dir.resolve("data/token").toString());

        String second = c.withResolvedToken(announced::add).token();
        assertThat(second).isEqualTo(first);
        assertThat(announced).hasSize(1);

        AppConfig given = c.toBuilder().token("mine").build();
        assertThat(given.withResolvedToken(announced::add)).isSameAs(given);
    }

    @Test
    void anEmptyTokenFileStopsStartUpWithOneLineAndIsLeftAsItWas() throws Exception {
        Path file = dir.resolve("data/token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "  \n");
        AppConfig c = AppConfig.builder().dataDir(dir.resolve("data")).build();
        List<String> announced = new ArrayList<>();
        assertThatThrownBy(() -> c.withResolvedToken(announced::add))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessage("the token file " + file + " is empty: write the token into it, or delete it to have a new one generated");
        assertThat(announced).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("  \n");
    }

    @Test
    void anUnreadableTokenFileStopsStartUp() throws Exception {
        Path file = dir.resolve("data/token");
        Files.createDirectories(file); // a folder where the file should be: exists, but cannot be read as text
        AppConfig c = AppConfig.builder().dataDir(dir.resolve("data")).build();
        assertThatThrownBy(() -> c.withResolvedToken(s -> {}))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith("the token file " + file + " cannot be read");
    }

    @Test
    void toStringHidesTheTokenAndThePassword() {
        AppConfig c = AppConfig.builder().token("tok-123").jdbc("jdbc:h2:mem:x", "u", "pw-456").build();
        assertThat(c.toString()).doesNotContain("tok-123").doesNotContain("pw-456").contains("jdbc:h2:mem:x");
    }

    @Test
    void theSceneStoreComesFromTheEnvironmentAndTheFlagsWithTheAwsVariablesAndHidesTheSecret() {
        Map<String, String> env = Map.of("GREENCOVER_SCENE_STORE", "s3://gc-scenes/prod", "GREENCOVER_S3_ENDPOINT", "http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID", "AKIA-TEST", "AWS_SECRET_ACCESS_KEY", "secret-789", "AWS_REGION", "eu-central-1",
                "GREENCOVER_S3_CACHE_MB", "16");
        AppConfig c = AppConfig.builder().environment(env).build();
        var s3 = c.sceneStore().s3(c.dataDir());
        assertThat(s3.bucket()).isEqualTo("gc-scenes");
        assertThat(s3.prefix()).isEqualTo("prod/");
        assertThat(s3.endpoint()).hasToString("http://127.0.0.1:9000");
        assertThat(s3.region()).isEqualTo("eu-central-1");
        assertThat(s3.accessKeyId()).isEqualTo("AKIA-TEST");
        assertThat(s3.cacheBytes()).isEqualTo(16L << 20);
        assertThat(c.toString()).doesNotContain("secret-789").contains("s3://gc-scenes/prod");
        assertThat(s3.toString()).doesNotContain("secret-789");

        AppConfig flags = AppConfig.builder().environment(env).sceneStoreOverrides("s3://other/x/y", null).build();
        assertThat(flags.sceneStore().s3(flags.dataDir()).bucket()).isEqualTo("other");
        assertThat(flags.sceneStore().s3(flags.dataDir()).prefix()).isEqualTo("x/y/");
        assertThat(flags.sceneStore().endpoint()).isEqualTo("http://127.0.0.1:9000");

        assertThat(AppConfig.builder().build().sceneStore().location()).isNull();
        assertThat(AppConfig.builder().environment(Map.of("GREENCOVER_SCENE_STORE", "/mnt/shared")).build().sceneStore().isS3()).isFalse();
    }

    @Test
    void aBadSceneStoreIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_SCENE_STORE", "s3://Bad_Bucket/p")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a bucket name");
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_SCENE_STORE", "/mnt/x", "GREENCOVER_S3_ENDPOINT", "http://h:1")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not s3://bucket/prefix");
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_SCENE_STORE", "s3://gc-scenes/p", "GREENCOVER_S3_ENDPOINT", "ftp://h")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_SCENE_STORE", "s3://gc-scenes/p", "AWS_ACCESS_KEY_ID", "k")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be set together");
        assertThatThrownBy(() -> AppConfig.builder().environment(Map.of("GREENCOVER_S3_CACHE_MB", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREENCOVER_S3_CACHE_MB");
    }
}
