package dev.dbsync.engine.link.sender;

/** Something the sender pushes under credit: a row stream or a COPY stream. */
interface Flow {
  /** The receiver took one more unit; one more may be sent. */
  void ack();

  /** Stop as soon as possible. */
  void cancel();
}
