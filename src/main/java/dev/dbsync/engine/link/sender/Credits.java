package dev.dbsync.engine.link.sender;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The flow control of one outgoing flow: at most {@code window} units unacknowledged. The
 * sending thread waits for a credit, checking every second that the flow is still wanted.
 */
abstract class Credits implements Flow {
  private final int window;
  private final Semaphore credits;
  private volatile boolean cancelled;

  Credits(int window) {
    this.window = window;
    this.credits = new Semaphore(window);
  }

  /** False when the receiver went away or cancelled while we waited. */
  final boolean acquire(ReceiverConnection receiver) throws InterruptedException {
    while (!credits.tryAcquire(1, TimeUnit.SECONDS)) {
      if (cancelled || !receiver.isOpen()) {
        return false;
      }
    }
    return !cancelled && receiver.isOpen();
  }

  @Override
  public final void ack() {
    credits.release();
  }

  @Override
  public final void cancel() {
    cancelled = true;
    credits.release(window);
  }

  final boolean cancelled() {
    return cancelled;
  }
}
