package dev.boxauth.spring;

import com.box.sdk.BoxAPIConnection;
import com.box.sdk.BoxUser;
import org.springframework.stereotype.Service;

// The README's service in a Spring application ("With Spring Boot"); ReadmeExamplesTest runs it.
// README: spring-service
@Service
class Reports {
  private final BoxAPIConnection box;
  Reports(BoxAPIConnection box) { this.box = box; }      // or TokenSource, BoxAuth, BoxAuthInterceptor
  String me() { return BoxUser.getCurrentUser(box).getInfo().getLogin(); }
}
// README: end
