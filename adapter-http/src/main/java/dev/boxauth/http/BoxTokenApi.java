package dev.boxauth.http;

import java.util.Map;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.Headers;
import retrofit2.http.POST;

/**
 * Box's token and revoke endpoints. Bodies come back raw (buffered, under the size cap) and are
 * parsed by {@link TokenJson}, so no Retrofit converter and no public DTO is involved.
 */
interface BoxTokenApi {

  /** {@code POST oauth2/token}: RFC 6749 §3.2, RFC 7523 §2.1, RFC 8693 §2.1. */
  @FormUrlEncoded
  @POST("oauth2/token")
  @Headers("Accept: application/json")
  Call<ResponseBody> token(@FieldMap Map<String, String> fields);

  /** {@code POST oauth2/revoke}: RFC 7009 §2.1, the fields Box's SDKs send. */
  @FormUrlEncoded
  @POST("oauth2/revoke")
  @Headers("Accept: application/json")
  Call<ResponseBody> revoke(
      @Field("client_id") String clientId,
      @Field("client_secret") String clientSecret,
      @Field("token") String token);
}
