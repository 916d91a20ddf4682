package io.crescendo.identity.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.crescendo.web.request.RequestFields;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The request bodies as OpenAPI describes them. Controllers read bodies with {@link RequestFields}
 * (JSON, form or multipart, with the contract's field errors), so these records only document.
 */
final class RequestSchemas {

  private RequestSchemas() {}

  record SignUp(
      @Schema(requiredMode = REQUIRED, maxLength = 80, example = "kim@example.com") String email,
      @Schema(requiredMode = REQUIRED, minLength = 8, maxLength = 128) String password,
      @Schema(maxLength = 64, description = "default: the e-mail's local part") String username) {}

  record Login(
      @Schema(requiredMode = REQUIRED) String email,
      @Schema(requiredMode = REQUIRED) String password) {}

  record GoogleLogin(
      @Schema(requiredMode = REQUIRED, description = "a Google ID token (the GIS credential)")
          String access) {}

  record Refresh(@Schema(requiredMode = REQUIRED) String refresh) {}

  record Username(@Schema(requiredMode = REQUIRED, maxLength = 64) String username) {}
}
