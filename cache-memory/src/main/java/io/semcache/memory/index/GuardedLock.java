package io.semcache.memory.index;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A read-write lock held for the scope of a try-with-resources block:
 *
 * <pre>{@code
 * try (GuardedLock.Hold held = lock.read()) {
 *   return size;
 * }
 * }</pre>
 *
 * <p>The two holds are made once per lock, so taking one allocates nothing (unlike a lambda per call,
 * which only escape analysis could remove from the search path), and a block may return, throw or
 * assign locals as freely as the {@code lock(); try { ... } finally { unlock(); }} it replaces.
 * Javac's {@code try} lint flags a resource never named in its block, so the classes that hold
 * these suppress that one warning.
 */
final class GuardedLock {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Hold read = new Hold(lock.readLock());
  private final Hold write = new Hold(lock.writeLock());

  /** Takes the read lock, shared with other readers, until the returned hold is closed. */
  Hold read() {
    read.lock.lock();
    return read;
  }

  /** Takes the write lock, exclusive, until the returned hold is closed. */
  Hold write() {
    write.lock.lock();
    return write;
  }

  /**
   * Takes the write lock if no other thread holds either lock and the caller holds no read lock;
   * returns null, without waiting, otherwise.
   */
  @Nullable Hold tryWrite() {
    return write.lock.tryLock() ? write : null;
  }

  /** A taken lock; closing it releases the lock for the calling thread. */
  static final class Hold implements AutoCloseable {

    private final Lock lock;

    private Hold(Lock lock) {
      this.lock = lock;
    }

    @Override
    public void close() {
      lock.unlock();
    }
  }
}
