package io.homeward.gateway.policy;

/**
 * One policy of the loaded set, for tests and operators.
 *
 * @param id the policy's {@code @id} annotation (the id decisions report)
 * @param forbid whether it is a {@code forbid} (otherwise a {@code permit})
 * @param file the file it came from
 */
public record LoadedPolicy(String id, boolean forbid, String file) {}
