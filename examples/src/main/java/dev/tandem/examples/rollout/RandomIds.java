package dev.tandem.examples.rollout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of ids to pick from at random in constant time, however many holes deletes leave among them:
 * a list with swap-removal, and each id's place in it. Ids are added at the end, and a removal moves
 * only the last one into its hole: the end of the list holds recent ids, if not all of them.
 */
final class RandomIds {

    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Integer> places = new HashMap<>();

    synchronized void add(long id) {
        if (places.putIfAbsent(id, ids.size()) == null) {
            ids.add(id);
        }
    }

    synchronized void remove(long id) {
        Integer place = places.remove(id);
        if (place == null) {
            return;
        }
        long last = ids.remove(ids.size() - 1);
        if (place < ids.size()) {
            ids.set(place, last);
            places.put(last, place);
        }
    }

    synchronized boolean contains(long id) {
        return places.containsKey(id);
    }

    synchronized int size() {
        return ids.size();
    }

    /** An id picked at random among the {@code last} ones at the end of the list (about the newest). */
    synchronized OptionalLong random(int last) {
        int range = Math.min(last, ids.size());
        return range == 0 ? OptionalLong.empty()
                : OptionalLong.of(ids.get(ids.size() - 1 - ThreadLocalRandom.current().nextInt(range)));
    }
}
