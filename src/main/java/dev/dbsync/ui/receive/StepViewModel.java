package dev.dbsync.ui.receive;

import javafx.beans.binding.BooleanExpression;

/**
 * One step of the receive wizard. Steps are revisited with Back, so a step starts listening
 * when it is activated and stops when it is deactivated.
 */
public interface StepViewModel {
  String title();

  default void activate() {}

  default void deactivate() {}

  /** Whether Next is enabled. */
  BooleanExpression canAdvance();

  /** What Next says on this step. */
  default String nextLabel() {
    return "Next";
  }

  /** Does what Next means here (may work in the background) and calls {@code advance} once done. */
  default void next(Runnable advance) {
    advance.run();
  }

  /** Esc / Cancel on this step; returns true when the step handled it itself. */
  default boolean cancel() {
    return false;
  }

  /**
   * "Run again" from the history, told to every step in order after the wizard started over
   * (the connect step fills in the sender, the tables step the choices); most steps ignore it.
   */
  default void prepareRunAgain(RunAgain again) {}

  /** Back to the tables of the same sender for another transfer; most steps ignore it. */
  default void pullAgain() {}
}
