package dev.vigil.shell.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * {@code vigil:events}: the last events Vigil posted (state changes, health changes,
 * config loads), newest last, so an operator sees what just happened without the log.
 */
@Component(service = {EventHandler.class, RecentEvents.class}, immediate = true, property = {
    EventConstants.EVENT_TOPIC + "=dev/vigil/*",
    "osgi.command.scope=vigil", "osgi.command.function=events"
})
public final class RecentEvents implements EventHandler {
    static final int KEEP = 500;
    private final Deque<String> recent = new ArrayDeque<>();

    @Override
    public void handleEvent(Event event) {
        TreeMap<String, Object> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            if (!name.equals(EventConstants.EVENT_TOPIC)) {
                props.put(name, event.getProperty(name));
            }
        }
        String line = Instant.now() + " " + event.getTopic() + " " + props;
        synchronized (recent) {
            recent.addLast(line);
            while (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
    }

    @Descriptor("the last events (service state, health, config), newest last")
    public String events() {
        return events(50);
    }

    @Descriptor("the last N events, newest last")
    public String events(@Descriptor("how many") int count) {
        List<String> copy;
        synchronized (recent) {
            copy = new ArrayList<>(recent);
        }
        StringBuilder out = new StringBuilder();
        copy.subList(Math.max(0, copy.size() - count), copy.size()).forEach(l -> out.append(l).append('\n'));
        return out.length() == 0 ? "(no events yet)\n" : out.toString();
    }
}
