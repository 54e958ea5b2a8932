package io.livetodo.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Tomcat WAR on a Tomcat 10.1 of the test's own, configured as the README tells an operator to: an instance
 * folder ({@code CATALINA_BASE}) with Tomcat's own configuration, users in {@code conf/tomcat-users.xml}, a database
 * as a {@code Resource} in {@code conf/context.xml} with its driver in {@code lib/}, and {@code bin/catalina.sh run}.
 * The instance's data folder is Tomcat's default for the application, {@code $CATALINA_BASE/data/livetodo}, kept
 * across {@link #stop()} and {@link #start()}.
 */
public final class TomcatServer extends LaunchedServer {

    private final Path home;
    private final Path base;
    private final Map<String, String> environment;
    private final List<String> javaOptions;

    private TomcatServer(int port, Path base, Map<String, String> environment, List<String> javaOptions) {
        super("tomcat", port);
        this.home = requiredDirectory("tomcat.home");
        this.base = base;
        this.environment = environment;
        this.javaOptions = javaOptions;
    }

    /** An instance to configure before it starts. */
    public static Setup configure() {
        return new Setup();
    }

    public static final class Setup {
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<String> javaOptions = new ArrayList<>();
        private String resource;
        private Path driver;

        private Setup() {
        }

        /** Settings, as {@code TODO_*} environment variables. */
        public Setup environment(Map<String, String> settings) {
            environment.putAll(settings);
            return this;
        }

        /** Users in {@code tomcat-users.xml}: name to comma-separated roles; each password is the name + "-secret". */
        public Setup users(Map<String, String> roles) {
            users.putAll(roles);
            return this;
        }

        /**
         * PostgreSQL as the README's Tomcat recipe has it: {@code jdbc/livetodo} in {@code conf/context.xml}, the
         * driver in {@code lib/}, {@code -Dtodo.datasource=java:comp/env/jdbc/livetodo}.
         */
        public Setup postgres(int port, String database) {
            resource = "<Resource name=\"jdbc/livetodo\" auth=\"Container\" type=\"javax.sql.DataSource\""
                    + " driverClassName=\"org.postgresql.Driver\" url=\"jdbc:postgresql://127.0.0.1:" + port + "/"
                    + database + "\" username=\"todo\" password=\"unused\"/>";
            driver = PrivatePostgres.driverJar();
            javaOptions.add("-Dtodo.datasource=java:comp/env/jdbc/livetodo");
            return this;
        }

        public TomcatServer start() throws IOException {
            int port = freePort();
            Path base = Path.of("target", "tomcat-instances", "tomcat-" + port).toAbsolutePath();
            TomcatServer server = new TomcatServer(port, base, Map.copyOf(environment), List.copyOf(javaOptions));
            server.createInstance(users, resource, driver);
            server.start();
            return server;
        }
    }

    private void createInstance(Map<String, String> users, String resource, Path driver) throws IOException {
        for (String folder : List.of("conf", "webapps", "logs", "temp", "work", "lib")) {
            Files.createDirectories(base.resolve(folder));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // The deployment tests' server.xml, on this instance's port, with no shutdown port (SIGTERM stops it).
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml)
                .replaceFirst("<Server port=\"\\d+\"", "<Server port=\"-1\"")
                .replaceFirst("<Connector port=\"" + System.getProperty("tomcat.test.port") + "\"",
                        "<Connector port=\"" + port() + "\"");
        Files.writeString(serverXml, server);

        StringBuilder usersXml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n");
        users.forEach((name, roles) -> usersXml.append("  <user username=\"").append(name).append("\" password=\"")
                .append(name).append("-secret\" roles=\"").append(roles).append("\"/>\n"));
        Files.writeString(base.resolve("conf/tomcat-users.xml"), usersXml.append("</tomcat-users>\n"));

        if (resource != null) {
            Path contextXml = base.resolve("conf/context.xml");
            Matcher end = Pattern.compile("</Context>").matcher(Files.readString(contextXml));
            Files.writeString(contextXml, end.replaceFirst(Matcher.quoteReplacement("    " + resource + "\n</Context>")));
            Files.copy(driver, base.resolve("lib").resolve(driver.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(requiredFile("tomcat.war"), base.resolve("webapps/livetodo.war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    protected ProcessBuilder command() {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run");
        settings(builder, environment);
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("CATALINA_OPTS", String.join(" ", javaOptions) + " -Xmx512m");
        return builder;
    }
}
