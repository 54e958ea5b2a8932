package io.livetodo.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The WAR on the WildFly that the build provisions, in a server folder of the test's own
 * ({@code jboss.server.base.dir}, a copy of its {@code standalone/}), set up with the README's login recipe: users
 * made by {@code add-user.sh} in the application realm, and the one CLI command that maps Undertow's
 * {@code other} application security domain to Elytron's {@code ApplicationDomain}; then {@code standalone.sh}.
 */
public final class WildFlyServer extends LaunchedServer {

    /** The README's command, as an operator runs it (here through the CLI's embedded server). */
    public static final String SECURITY_DOMAIN_COMMAND =
            "/subsystem=undertow/application-security-domain=other:add(security-domain=ApplicationDomain)";

    private final Path home;
    private final Path base;
    private final Map<String, String> environment;

    private WildFlyServer(int port, Path base, Map<String, String> environment) {
        super("wildfly", port);
        this.home = requiredDirectory("wildfly.home");
        this.base = base;
        this.environment = environment;
    }

    /**
     * Starts WildFly with the login recipe applied and {@code users} (name to comma-separated groups, each password
     * the name + "-secret") in its application realm.
     */
    public static WildFlyServer startWithLogin(Map<String, String> environment, Map<String, String> users)
            throws IOException, InterruptedException {
        int port = portWithRoomForOffset();
        Path base = Path.of("target", "wildfly-instances", "wildfly-" + port).toAbsolutePath();
        WildFlyServer server = new WildFlyServer(port, base, Map.copyOf(environment));
        server.createServerFolder();
        for (Map.Entry<String, String> user : users.entrySet()) {
            server.run(List.of(server.home.resolve("bin/add-user.sh").toString(), "-a", "-u", user.getKey(),
                    "-p", user.getKey() + "-secret", "-g", user.getValue(), "-sc",
                    base.resolve("configuration").toString()));
        }
        server.run(List.of(server.home.resolve("bin/jboss-cli.sh").toString(), "--commands=embed-server"
                + " --std-out=discard," + SECURITY_DOMAIN_COMMAND + ",stop-embedded-server"));
        Files.copy(requiredFile("livetodo.war"), base.resolve("deployments/livetodo.war"));
        server.start();
        return server;
    }

    /** An HTTP port whose offset from 8080 also leaves WildFly's other ports (up to 9993) on valid numbers. */
    private static int portWithRoomForOffset() throws IOException {
        while (true) {
            int port = freePort();
            if (port > 8080 && port - 8080 + 9993 < 65536) {
                return port;
            }
        }
    }

    private void createServerFolder() throws IOException {
        Files.createDirectories(base.resolve("deployments"));
        Path configuration = home.resolve("standalone/configuration");
        try (Stream<Path> files = Files.walk(configuration)) {
            for (Path file : files.toList()) {
                Path target = base.resolve("configuration").resolve(configuration.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** One of WildFly's tools on this server folder; it must succeed. */
    private void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        settings(builder, Map.of());
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed:\n" + output);
        }
    }

    @Override
    protected ProcessBuilder command() {
        int offset = port() - 8080;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset);
        settings(builder, environment);
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().remove("JAVA_OPTS"); // standalone.conf's defaults apply
        return builder;
    }
}
