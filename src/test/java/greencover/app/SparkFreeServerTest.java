package greencover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The server's jar stays free of Spark: the shade plugin packs exactly the compile and runtime dependencies, which
 * are on this test class path, so no Spark or Scala class may load here. The batch job (batch/) is a build of its own.
 */
class SparkFreeServerTest {
    @Test
    void noSparkOrScalaClassIsOnTheServersClassPath() {
        ClassLoader cl = SparkFreeServerTest.class.getClassLoader();
        assertThat(cl.getResource("org/apache/spark")).isNull();
        assertThat(cl.getResource("scala/Product.class")).isNull();
        assertThatThrownBy(() -> Class.forName("org.apache.spark.SparkContext", false, cl)).isInstanceOf(ClassNotFoundException.class);
        // and the check itself can see a class that is there
        assertThat(cl.getResource("greencover/app/Services.class")).isNotNull();
    }
}
