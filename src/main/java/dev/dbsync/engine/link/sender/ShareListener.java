package dev.dbsync.engine.link.sender;

import java.time.Instant;

/**
 * What a sharing session tells its face (the CLI prints it, the app shows it). Called from
 * the link's threads: a UI must hand the calls over to its own thread.
 */
public interface ShareListener {
  default void codeIssued(String code, Instant expires) {}

  default void receiverJoined(ReceiverView receiver) {}

  /** A receiver waits for {@link ShareServer#approve} or {@link ShareServer#deny}. */
  default void approvalRequested(ReceiverView receiver) {}

  /** A receiver reads a table: rows sent so far of the expected total (-1 if unknown). */
  default void receiverReading(ReceiverView receiver, String table, long sent, long expected) {}

  /**
   * A whole-table read (stream or copy) ended: all {@code rows} sent when {@code error} is
   * null, else why it stopped ("cancelled" when the receiver cancelled it).
   */
  default void readFinished(ReceiverView receiver, String table, long rows, String error) {}

  /**
   * The sender can no longer accept anyone (its listener died): the face must say so and stop
   * sharing, never go on looking alive. {@code why} is in plain words.
   */
  default void stoppedListening(String why) {}

  /** A receiver on a permanent connection asked to read a table that needs approval. */
  default void transferWaits(ReceiverView receiver, String table, long transferId) {}

  default void receiverLeft(ReceiverView receiver, String reason) {}

  /** An attempt that was turned away at the door (wrong code, denied, too many tries). */
  default void refused(String address, String reason) {}
}
