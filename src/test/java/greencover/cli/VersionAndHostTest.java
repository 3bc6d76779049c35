package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.app.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --version} prints the release of the build, and {@code --host} / {@code GREENCOVER_HOST} choose the bind address. */
class VersionAndHostTest {
    @Test
    void theVersionIsThePomsVersion() throws Exception {
        // the project's own version: the first <version> after <artifactId>greencover</artifactId> in pom.xml
        Matcher m = Pattern.compile("<artifactId>greencover</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        assertThat(Main.version()).isEqualTo(m.group(1));
    }

    @Test
    void theHostDefaultsToEveryInterfaceAndCanBeNarrowed() {
        assertThat(AppConfig.builder().build().host()).isEqualTo("0.0.0.0");
        assertThat(AppConfig.builder().environment(Map.of("GREENCOVER_HOST", "127.0.0.1")).build().host()).isEqualTo("127.0.0.1");
        Options o = new Options(new String[] {"--host", "::1"}, java.util.Set.of("host"), java.util.Set.of(), "usage");
        assertThat(ServeCommand.config(o, "usage").host()).isEqualTo("::1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppConfig.builder().host("a b").build())
                .hasMessageContaining("host");
    }
}
