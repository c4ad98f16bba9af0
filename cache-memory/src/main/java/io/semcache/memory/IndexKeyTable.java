package io.semcache.memory;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The entries that one partition's index keys stand for. A key is a slot of this table (its low 32
 * bits) and the table's count of additions when it was made (its high 32 bits), so a key that
 * outlives its entry for a moment (an eviction racing a search) finds its slot empty or holding an
 * entry with another key, never the wrong entry (that would take 2^32 additions while the key
 * lingered). About 8 bytes an entry, a reference and a free-list place, where a map from boxed
 * keys took about 60.
 *
 * <p>{@link #add} and {@link #remove} run under the owner's lock; {@link #get} from any thread
 * without one (slots are read and written with volatile semantics, so an entry is seen whole).
 */
final class IndexKeyTable {

  private static final int CHUNK_BITS = 10;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

  @SuppressWarnings("unchecked")
  private volatile AtomicReferenceArray<MemoryEntry>[] chunks = new AtomicReferenceArray[0];
  /** Slots handed out at least once; those below it and not in {@link #free} are in use. */
  private int highWater;
  private int[] free = new int[16];
  private int freeCount;
  private int size;
  private int additions;

  /** Gives {@code entry} a slot, sets its {@link MemoryEntry#indexKey}, and returns the key. */
  long add(MemoryEntry entry) {
    int slot;
    if (freeCount > 0) {
      slot = free[--freeCount];
    } else {
      slot = highWater++;
      if (slot < 0) {
        highWater--;
        throw new IllegalStateException("more than 2^31 indexed entries in one partition");
      }
      if ((slot >>> CHUNK_BITS) == chunks.length) {
        grow();
      }
    }
    long key = ((long) ++additions << 32) | slot;
    entry.indexKey(key);
    chunks[slot >>> CHUNK_BITS].set(slot & (CHUNK_SIZE - 1), entry); // publishes the entry whole
    size++;
    return key;
  }

  /** The entry {@code key} stands for, or null if it no longer stands for one. */
  @Nullable MemoryEntry get(long key) {
    int slot = (int) key;
    AtomicReferenceArray<MemoryEntry>[] known = chunks;
    if (slot < 0 || (slot >>> CHUNK_BITS) >= known.length) {
      return null;
    }
    MemoryEntry entry = known[slot >>> CHUNK_BITS].get(slot & (CHUNK_SIZE - 1));
    return entry != null && entry.indexKey() == key ? entry : null;
  }

  /** Frees {@code key}'s slot if it still holds {@code entry}; returns whether it did. */
  boolean remove(long key, MemoryEntry entry) {
    if (get(key) != entry) {
      return false;
    }
    int slot = (int) key;
    chunks[slot >>> CHUNK_BITS].set(slot & (CHUNK_SIZE - 1), null);
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, freeCount * 2);
    }
    free[freeCount++] = slot;
    size--;
    return true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  private void grow() {
    AtomicReferenceArray<MemoryEntry>[] grown = Arrays.copyOf(chunks, chunks.length + 1);
    grown[chunks.length] = new AtomicReferenceArray<>(CHUNK_SIZE);
    chunks = grown;
  }
}
