package io.homeward.embedder.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/**
 * Hands a prepared tensor to the model and copies every output back to a plain {@code float[]}, in
 * graph output order. Pre- and post-processing live in the pipeline, in plain Java and OpenCV, so
 * no NDArray leaves this package.
 */
final class TensorTranslator implements NoBatchifyTranslator<Tensor, float[][]> {
  @Override
  public NDList processInput(TranslatorContext ctx, Tensor input) {
    NDArray array =
        ctx.getNDManager().create(FloatBuffer.wrap(input.data()), new Shape(input.shape()));
    return new NDList(array);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    float[][] outputs = new float[list.size()][];
    for (int i = 0; i < list.size(); i++) {
      outputs[i] = list.get(i).toFloatArray();
    }
    return outputs;
  }
}
