# GreenCover server image: built with the pinned Maven wrapper on a JDK, run as a non-root user on a JRE.
# It serves the samples bundled in the jar on port 8080; the catalog and scene files live in the /data volume.
#
#   docker build -t greencover .
#   docker run -p 8080:8080 -v greencover-data:/data greencover
#
# Build arguments (bench/docker/verify.sh uses them to build with no network):
#   BUILD_IMAGE   a JDK 17 image with bash and curl (default eclipse-temurin:17-jdk)
#   RUN_IMAGE     a JRE 17 image with bash (default eclipse-temurin:17-jre)
#   MAVEN_MIRROR  a Maven repository URL used instead of Maven Central, for Maven itself and every artifact
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUN_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
ARG MAVEN_MIRROR=
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
COPY sample-tiles sample-tiles
# with MAVEN_MIRROR, the wrapper fetches Maven from the mirror (MVNW_REPOURL) and settings.xml sends every
# artifact request there; otherwise both come from Maven Central
RUN set -eu; \
    if [ -n "$MAVEN_MIRROR" ]; then \
      mkdir -p /root/.m2; \
      printf '<settings><mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>\n' \
        "$MAVEN_MIRROR" > /root/.m2/settings.xml; \
      export MVNW_REPOURL="$MAVEN_MIRROR"; \
    fi; \
    ./mvnw -q -B package -Dmaven.test.skip=true

FROM ${RUN_IMAGE}
RUN set -eu; \
    if command -v useradd >/dev/null; then useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin greencover; \
    else adduser -S -u 10001 -h /app greencover; fi; \
    mkdir -p /app /data; chown 10001 /data
WORKDIR /app
COPY --from=build /src/target/greencover.jar /app/greencover.jar
USER 10001
VOLUME /data
EXPOSE 8080
ENV GREENCOVER_DATA=/data \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
# /health answers 200 while the server runs; bash's /dev/tcp needs no curl or wget in the image
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# JAVA_OPTS is read at start, so `docker run -e JAVA_OPTS=-Xmx4g …` sizes the heap
ENTRYPOINT ["bash", "-c", "exec java $JAVA_OPTS -jar /app/greencover.jar \"$@\"", "greencover"]
CMD ["serve", "--port", "8080", "--data", "/data"]
