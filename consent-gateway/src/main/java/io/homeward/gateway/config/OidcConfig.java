package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cluster sign-in for the web pages: the OpenID Connect authorization code flow (with PKCE) at the
 * organisation's identity provider. Off by default (one machine signs in with local accounts). The
 * bearer API for programs is unaffected either way.
 */
@ConfigMapping(prefix = "homeward.gateway.oidc")
public interface OidcConfig {
  /** Whether the sign-in page offers the identity provider. */
  @WithDefault("false")
  boolean enabled();

  /**
   * The provider's issuer URL, exactly as its ID tokens name it; its discovery document is read
   * from {@code <issuer>/.well-known/openid-configuration}. HTTPS, except on loopback.
   */
  Optional<URI> issuer();

  /** The client id the provider registered for the gateway (the ID token's audience). */
  Optional<String> clientId();

  /**
   * A file holding the client secret (a mounted secret; one line). Read at start and never logged;
   * sent to the token endpoint with HTTP Basic authentication.
   */
  Optional<Path> clientSecretFile();

  /**
   * The redirect URL registered at the provider. Unset: {@code <public-url>/api/v1/session/oidc/
   * callback} ({@code homeward.gateway.accounts.public-url}).
   */
  Optional<URI> redirectUrl();

  /** The scopes asked for ({@code openid} is always added). */
  @WithDefault("openid,profile")
  List<String> scopes();

  /**
   * The ID token claim listing the user's Homeward roles: {@code groups}, the claim the bearer API
   * reads roles from.
   */
  @WithDefault("groups")
  String rolesClaim();

  /** The ID token claim naming the user's organisation: {@code org}, as for bearer tokens. */
  @WithDefault("org")
  String organisationClaim();

  /**
   * How far the provider's clock may be off when the ID token's {@code exp} and {@code iat} are
   * checked.
   */
  @WithDefault("60s")
  Duration clockSkew();

  /** The provider's name on the sign-in page ("Sign in with ..."). */
  @WithDefault("your organisation")
  String providerName();

  /** Whether local accounts may still sign in while the provider is on. */
  @WithDefault("true")
  boolean localAccounts();

  /**
   * How long a sign-in at the provider may take: the lifetime of the short-lived cookie holding its
   * {@code state}, {@code nonce} and PKCE verifier.
   */
  @WithDefault("10m")
  Duration loginTimeout();

  /**
   * How long the discovery document and the provider's keys are kept before they are read again (an
   * ID token signed by a key not in the set reads the keys again at once, at most every 10 s).
   */
  @WithDefault("1h")
  Duration metadataCacheTime();
}
