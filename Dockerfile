# Build with Maven on a JDK, run on a JRE. Serves the bundled samples on port 8080; the data directory is a volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
RUN mvn -q -B package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/greencover.jar /app/greencover.jar
COPY sample-tiles /app/sample-tiles
VOLUME /data
EXPOSE 8080
ENV GREENCOVER_DATA=/data
ENTRYPOINT ["java", "-Xmx1g", "-jar", "/app/greencover.jar"]
CMD ["serve", "--port", "8080", "--data", "/data", "--samples", "/app/sample-tiles"]
