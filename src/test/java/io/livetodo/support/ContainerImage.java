package io.livetodo.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An image tarball as {@code docker save} (and Jib's buildTar) writes it, unpacked and run the way a container
 * engine would, for machines without one: the layers extracted in order into one root folder, the entrypoint run
 * in it by {@code chroot} as the image's user, with the image's environment, its own host name (a UTS namespace,
 * and an {@code /etc/hosts} that names it, as Docker writes one) and {@code /proc} and {@code /dev} mounted in a
 * mount namespace of its own. The root folder stays between runs, so what the container wrote to a volume is there
 * for the next one. Needs root, as a container engine does.
 */
public final class ContainerImage {

    private static final String HOSTNAME = "livetodo-container";

    private final JsonObject config;
    private final Path root;

    private ContainerImage(JsonObject config, Path root) {
        this.config = config;
        this.root = root;
    }

    /** Unpacks the image tarball into {@code folder} (emptied first). */
    public static ContainerImage unpack(Path tarball, Path folder) throws IOException, InterruptedException {
        if (Files.exists(folder)) {
            run(List.of("rm", "-rf", folder.toString()));
        }
        Path image = folder.resolve("image");
        Path root = folder.resolve("root");
        Files.createDirectories(image);
        Files.createDirectories(root);
        run(List.of("tar", "-xf", tarball.toString(), "-C", image.toString()));
        JsonObject manifest = read(image.resolve("manifest.json")).asJsonArray().getJsonObject(0);
        for (JsonString layer : manifest.getJsonArray("Layers").getValuesAs(JsonString.class)) {
            run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-xzf",
                    image.resolve(layer.getString()).toString(), "-C", root.toString()));
        }
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + HOSTNAME + "\n");
        return new ContainerImage(read(image.resolve(manifest.getString("Config"))).asJsonObject()
                .getJsonObject("config"), root);
    }

    /** The image's run configuration: Entrypoint, Env, User, Volumes, ExposedPorts. */
    public JsonObject config() {
        return config;
    }

    /** The container's root folder, as the host sees it. */
    public Path root() {
        return root;
    }

    /** Starts a container, with {@code arguments} after the entrypoint (as {@code docker run IMAGE ARGS...}). */
    public Container start(int port, List<String> arguments) throws IOException {
        Container container = new Container(port, arguments);
        container.start();
        return container;
    }

    /** Runs a command of the image's in a container of its own, as {@code docker exec} would; its exit status. */
    public int exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(inContainer(command)).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within a minute");
        }
        return process.exitValue();
    }

    /** A running container of this image; its application answers at the root. */
    public final class Container extends LaunchedServer {
        private final List<String> arguments;

        private Container(int port, List<String> arguments) {
            super("container", port, "");
            this.arguments = arguments;
        }

        @Override
        protected ProcessBuilder command() {
            List<String> command = new ArrayList<>(strings(config.getJsonArray("Entrypoint")));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(inContainer(command));
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv("PATH"));
            return builder;
        }
    }

    /** The host command that runs {@code command} inside the container, with the image's user and environment. */
    private List<String> inContainer(List<String> command) {
        // sh gets the root folder as $0 and the user as $1; what follows is env's assignments, then the command.
        String setup = "hostname " + HOSTNAME + " && mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\""
                + " && user=\"$1\" && shift && exec chroot --userspec=\"$user\" \"$0\" /usr/bin/env -i \"$@\"";
        List<String> host = new ArrayList<>(List.of("unshare", "--mount", "--uts", "--fork", "sh", "-c", setup,
                root.toString(), config.getString("User", "0:0"), "HOSTNAME=" + HOSTNAME, "HOME=/"));
        host.addAll(strings(config.getJsonArray("Env")));
        host.addAll(command);
        return host;
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .toList();
    }

    private static jakarta.json.JsonStructure read(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            return reader.read();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed:\n" + output);
        }
    }
}
