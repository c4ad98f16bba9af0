package io.semcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheControlTest {

  @Test
  void headerDirectivesAreReadCaseAndSpaceInsensitively() {
    CacheControl control = CacheControl.parse(" No-Store , max-age=60,ttl=3600 ");

    assertThat(control.noStore()).isTrue();
    assertThat(control.noCache()).isFalse();
    assertThat(control.maxAge()).contains(Duration.ofSeconds(60));
    assertThat(control.ttl()).contains(Duration.ofHours(1));
    assertThat(CacheControl.parse("bypass")).isEqualTo(CacheControl.bypass());
    assertThat(CacheControl.parse("no-store, no-cache").isBypass()).isTrue();
    assertThat(CacheControl.parse("no-cache")).isEqualTo(CacheControl.noCacheOnly());
    assertThat(CacheControl.parse("  ").isNone()).isTrue();
    assertThat(CacheControl.parse("max-age=0").maxAge()).contains(Duration.ZERO);
  }

  @Test
  void badHeadersNameTheDirective() {
    assertThatThrownBy(() -> CacheControl.parse("no-store, private"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown directive 'private'");
    assertThatThrownBy(() -> CacheControl.parse("max-age=soon"))
        .hasMessageContaining("max-age expects whole seconds");
    assertThatThrownBy(() -> CacheControl.parse("ttl=0")).hasMessageContaining("ttl expects");
    assertThatThrownBy(() -> CacheControl.parse("max-age=1, max-age=2"))
        .hasMessageContaining("max-age given twice");
    assertThatThrownBy(() -> CacheControl.parse("no-store=yes"))
        .hasMessageContaining("no-store takes no value");
    assertThatThrownBy(() -> CacheControl.parse("no-cache,".repeat(200)))
        .hasMessageContaining("at most 1024 characters");
  }

  @Test
  void durationsAreChecked() {
    assertThatThrownBy(() -> CacheControl.none().withMaxAge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxAge:");
    assertThatThrownBy(() -> CacheControl.none().withTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ttl:");
  }

  @Test
  void aRequestCarriesItsCacheControlAndSetsItOnce() {
    CacheKey key = CacheKey.of(Partition.of("t", "m"), "q");
    LookupRequest request = LookupRequest.builder(key).cacheControl(CacheControl.bypass()).build();

    assertThat(request.cacheControl()).isEqualTo(CacheControl.bypass());
    assertThat(LookupRequest.of(key).cacheControl().isNone()).isTrue();
    assertThatThrownBy(() -> LookupRequest.builder(key).cacheControl(CacheControl.bypass())
        .cacheControl(CacheControl.none())).isInstanceOf(IllegalStateException.class);
  }
}
