package io.homeward.gateway.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The model change page's texts (namespace {@code mdl}): English here, Simplified Chinese in {@code
 * messages/mdl_zh.properties}.
 */
@MessageBundle(value = "mdl", locale = "en")
public interface ModelMsg {
  @Message("Models")
  String navModels();

  @Message("Face model and vector spaces")
  String titleModels();

  @Message(
      "Each embedding model with its projection is a vector space; its vectors are never compared with another space's. Every search uses the one live space. Changing the projection re-embeds every live photo into a new space, a few photos a second so searches keep their speed; searches switch to it only when it is complete, holds as many faces as the live one and has a calibration. The old space is dropped after the grace period.")
  String modelsIntro();

  @Message("Spaces")
  String spacesHeading();

  @Message("Space")
  String colSpace();

  @Message("Projection")
  String colProjection();

  @Message("State")
  String colState();

  @Message("Progress")
  String colProgress();

  @Message("Rate")
  String colRate();

  @Message("Time left")
  String colEta();

  @Message("Dates")
  String colDates();

  @Message("Re-embed into another projection")
  String startHeading();

  @Message(
      "The embedder serves its configured projection and identity (the model's own space, no projection).")
  String startHelp();

  @Message("Projection")
  String projectionLabel();

  @Message("Start re-embedding")
  String startButton();

  @Message("Re-embedding started.")
  String started();

  @Message("Refresh")
  String refresh();

  @Message("Building")
  String state_BUILDING();

  @Message("Live")
  String state_LIVE();

  @Message("Retiring")
  String state_RETIRING();

  @Message("Dropped")
  String state_DROPPED();

  @Message("$1 of $2 photos ($3 refused)")
  String progress();

  @Message("$1 photos/s")
  String rate();

  @Message("$1 s")
  String seconds();

  @Message("started $1")
  String startedAt();

  @Message("read every photo $1")
  String completedAt();

  @Message("live since $1")
  String switchedAt();

  @Message("dropped after $1")
  String dropAfter();

  @Message("dropped $1")
  String droppedAt();

  @Message("No calibration for this space in the search service: it cannot go live.")
  String problem_SPACE_NOT_CALIBRATED();

  @Message("Waiting: its face count does not match the live space's yet.")
  String problem_SPACE_NOT_READY();

  @Message("A re-embedding job is already running.")
  String problem_reembedding_running();

  @Message("Searches already use that projection's space.")
  String problem_space_already_live();

  @Message("The embedder does not serve that projection.")
  String problem_projection_unknown();
}
