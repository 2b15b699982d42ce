package dev.vigil.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One answer of the daemon's HTTP endpoint, as a scraper sees it; for {@code /metrics}, its
 * samples read back from the Prometheus text format, and what Prometheus's promtool says of it.
 */
final class Scrape {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    final int status;
    final String contentType;
    final String body;

    private Scrape(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** {@code METHOD http://127.0.0.1:PORT/PATH} with these headers (name, value...); status -1 when nothing answers. */
    static Scrape of(String method, int port, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Scrape(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            return new Scrape(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Scrape(-1, "", e.toString());
        }
    }

    static Scrape get(int port, String path) {
        return of("GET", port, path);
    }

    /** Every sample of the text format, in order. */
    List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(parse(line));
            }
        }
        return out;
    }

    /** The value of the sample with that name and exactly these labels (name, value, ...), if there is one. */
    OptionalDouble value(String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return samples().stream().filter(s -> s.name.equals(name) && s.labels.equals(want))
                .mapToDouble(Sample::value).findFirst();
    }

    /** What {@code promtool check metrics} says of the body: "" when it has no complaint. */
    String promtool() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish");
        }
        return p.exitValue() == 0 ? said : "exit " + p.exitValue() + ": " + said;
    }

    static boolean promtoolInstalled() {
        return Files.isExecutable(PROMTOOL);
    }

    @Override
    public String toString() {
        return status + " " + contentType + "\n" + body;
    }

    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new TreeMap<>();
        String name = brace < 0 || brace > space ? line.substring(0, space) : line.substring(0, brace);
        if (brace >= 0 && brace < space) {
            String body = line.substring(brace + 1, line.lastIndexOf('}'));
            int i = 0;
            while (i < body.length()) {
                int eq = body.indexOf('=', i);
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                while (body.charAt(j) != '"') {
                    char c = body.charAt(j);
                    if (c == '\\') {
                        char n = body.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                labels.put(body.substring(i, eq), v.toString());
                i = j + 1;
                if (i < body.length() && body.charAt(i) == ',') {
                    i++;
                }
            }
        }
        String v = line.substring(space + 1);
        double value = switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
        return new Sample(name, labels, value);
    }
}
