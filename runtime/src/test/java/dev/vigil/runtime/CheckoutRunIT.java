package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vigil run} in a source checkout: it supervises the checkout's own config/vigil.json,
 * not the copy built into the distribution, and an edit there reaches the running daemon with no
 * build. The checkout here is the repository's {@code vigil} script beside a built distribution in
 * runtime/target/vigil, as {@code mvn install} leaves it.
 */
class CheckoutRunIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private Path checkout;
    private Dist dist;
    private ChildProcess run;

    @BeforeEach
    void makeCheckout() throws Exception {
        checkout = tmp.resolve("checkout");
        Files.createDirectories(checkout.resolve("runtime/target"));
        Files.createDirectories(checkout.resolve("config"));
        dist = new Dist(checkout.resolve("runtime/target"));
        Files.copy(Path.of("..", "vigil"), checkout.resolve("vigil"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    @AfterEach
    void stop() throws InterruptedException {
        dist.close();
        if (run != null) {
            run.close();
        }
    }

    private Path writeCheckoutConfig(String services) throws Exception {
        Path file = checkout.resolve("config/vigil.json");
        Path part = checkout.resolve("config/vigil.json.part");
        Files.writeString(part, "{\"services\": {" + services + "}}", StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Test
    void runSupervisesTheCheckoutsOwnConfigAndFollowsItsEdits() throws Exception {
        String web = Dist.demoService("web", Dist.freePort(), "");
        writeCheckoutConfig(web);
        run = ChildProcess.start(tmp.resolve("run.out"), List.of(checkout.resolve("vigil").toString(), "run"));
        run.awaitReady(DEADLINE, "web RUNNING under ./vigil run", () -> StatusJson.of(dist).running("web"));

        StatusJson first = StatusJson.of(dist);
        for (String builtIn : builtInServices()) {
            assertFalse(first.lists(builtIn), "the distribution's own config was run: " + first);
        }

        writeCheckoutConfig(web + ", \"worker\": {\"command\": [\"sleep\", \"600\"]}");
        run.awaitReady(DEADLINE, "worker, added to the checkout's config, RUNNING",
                () -> StatusJson.of(dist).running("web", "worker"));
        assertEquals(first.pid("web"), StatusJson.of(dist).pid("web"), "web was left alone by the edit");

        Dist.Result stop = dist.vigil("stop");
        assertEquals(0, stop.code(), stop.all());
        assertEquals(0, run.awaitExit(DEADLINE), run.log());
        assertFalse(run.log().contains("building the distribution"), "a built checkout is not rebuilt: " + run.log());
    }

    @Test
    void runWithAConfigOfItsOwnUsesThatOne() throws Exception {
        writeCheckoutConfig("\"worker\": {\"command\": [\"sleep\", \"600\"]}");
        Path other = dist.writeConfig("other.json", "{\"services\": {\"cache\": {\"command\": [\"sleep\", \"601\"]}}}");
        run = ChildProcess.start(tmp.resolve("run.out"),
                List.of(checkout.resolve("vigil").toString(), "run", "-c", other.toString()));
        run.awaitReady(DEADLINE, "cache RUNNING under ./vigil run -c", () -> StatusJson.of(dist).running("cache"));
        assertFalse(StatusJson.of(dist).lists("worker"), StatusJson.of(dist).toString());
    }

    /** The services of the config shipped in the distribution, which a checkout's run must not start. */
    private List<String> builtInServices() throws Exception {
        String shipped = Files.readString(dist.home.resolve("config/vigil.json"));
        com.google.gson.JsonObject services = com.google.gson.JsonParser.parseString(shipped).getAsJsonObject()
                .getAsJsonObject("services");
        assertTrue(services != null && !services.keySet().isEmpty(), "the distribution ships a config with services");
        return List.copyOf(services.keySet());
    }
}
