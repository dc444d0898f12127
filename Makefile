# veille — build, test and run. `make run` and `make test` are the README's quick start.
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
SYSCONFDIR ?= /etc
UNITDIR ?= $(SYSCONFDIR)/systemd/system
CONFIG ?= Feeds.toml
# Release builds link the Swift runtime and Foundation statically: the binary needs no toolchain at
# run time (the systemd service), starts faster and idles in less memory (no relocated copies of the
# Swift libraries' data: 56.7 → 51.5 MB on the footprint bench).
RELEASE_FLAGS := -c release --static-swift-stdlib
DEB_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev pkg-config libstemmer-dev snowball-data
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release release-static test test-systemd run check install uninstall clean bench \
        test-hostile fuzz fuzz-build fuzz-all test-sanitizers crash-test soak soak-live

# Installs the Debian packages the build needs, only those missing.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then \
	    echo "make deps: missing Debian packages:$$missing — run as root: apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

test: deps
	$(SWIFT) test

# veille's main job on ./Feeds.toml: one poll cycle of every feed, then where the results are.
run: release
	.build/release/veille check --config $(CONFIG)
	.build/release/veille poll --all --config $(CONFIG)
	@echo "feeds' health: .build/release/veille feeds --config $(CONFIG); today's digest: .build/release/veille digest --config $(CONFIG) --stdout"

# The release build is the static one (kept as a name for older instructions).
release-static: release

# Installs the binary, the systemd unit and /etc/veille/Feeds.toml (never overwriting an existing one).
# Its state_dir is the unit's StateDirectory, so that `sudo veille feeds` and `veille digest` read the
# daemon's database (the daemon itself gets it from $$STATE_DIRECTORY) instead of /etc/veille/state.
install: release
	install -D -m 0755 .build/release/veille $(DESTDIR)$(PREFIX)/bin/veille
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/local/bin/veille|$(PREFIX)/bin/veille|; s|/etc/veille/Feeds.toml|$(SYSCONFDIR)/veille/Feeds.toml|' \
	  systemd/veille.service > $(DESTDIR)$(UNITDIR)/veille.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/veille.service
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/veille/Feeds.toml ]; then \
	  echo "keeping the existing $(DESTDIR)$(SYSCONFDIR)/veille/Feeds.toml"; \
	else \
	  install -d $(DESTDIR)$(SYSCONFDIR)/veille; \
	  sed 's|^state_dir = "state"|state_dir = "/var/lib/veille"|' Feeds.toml > $(DESTDIR)$(SYSCONFDIR)/veille/Feeds.toml; \
	  chmod 0644 $(DESTDIR)$(SYSCONFDIR)/veille/Feeds.toml; \
	fi
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi

# Removes what install put in place, except Feeds.toml and the state (they are the user's).
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/veille $(DESTDIR)$(UNITDIR)/veille.service
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "kept $(SYSCONFDIR)/veille/Feeds.toml and the state in /var/lib/veille"

# veille under a real systemd, in a Debian container (root; see README "Run it as a service").
test-systemd: release
	scripts/test-systemd.sh

# The benchmarks of the README's "Benchmarks" section, in one run, one table (~12 min; ~20 with newsboat).
# BENCH_NEWSBOAT=1 adds newsboat to the poll bench; BENCH_ONLY=parse,poll,cluster,footprint,digest,restore picks sections;
# BENCH_REPS sets the repetitions (medians). Needs ../shared (pollbench, conformance, corpus), nginx, xmllint.
BENCH_REPS ?= 3
BENCH_ONLY ?= parse,poll,cluster,footprint,digest,restore
BENCH_NEWSBOAT ?=
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-release
	python3 Benchmarks/bench.py --bin .build-release/release/veille --reps $(BENCH_REPS) --only $(BENCH_ONLY) \
	  $(if $(filter 1 yes true,$(BENCH_NEWSBOAT)),--newsboat)

check: build
	.build/debug/veille check --config $(CONFIG)

clean:
	rm -rf .build .build-release .build-static

# --- Reliability and security (issue 8; SECURITY.md names the tests behind each claim) ---
# Fast, also part of `make test`: hostile servers, TLS, hostile environment.
test-hostile: deps
	$(SWIFT) test --filter 'HostileServerTests|TLSTests|HostileEnvironmentTests|SafetyTests|FuzzRegressionTests'

# libFuzzer + AddressSanitizer, one target per untrusted input (Fuzz/ is its own package, built with
# -sanitize=fuzzer,address in .build-fuzz): FUZZ_TARGET=parser (FeedParser.parse; seeded read-only from
# ../shared/corpus/feeds and the parser's fixtures), toml (Feeds.toml, ConfigLoader), cluster (`veille
# cluster`'s JSON Lines, read and clustered with explanations), html (entries' HTML through FeedHTML:
# the sanitiser and the plain text, checking their invariants); seeds in Fuzz/seeds/. `make fuzz-all`
# runs each for FUZZ_SECONDS. The corpora they grow are .build-fuzz/corpus-TARGET. Crashers land in
# Fuzz/crashes/; each becomes a regression test. FUZZ_JOBS>1 runs parallel jobs. Not in CI (slow).
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
FUZZ_TARGET ?= parser
FUZZ_CORPUS ?= $(firstword $(wildcard ../shared/corpus/feeds))
fuzz-build: deps
	@# --sanitize=fuzzer tells SwiftPM that libFuzzer supplies main(); the swiftc flag that counts is the
	@# later -sanitize=fuzzer,address (two separate -sanitize flags: the last one wins, and coverage
	@# would be lost); --disable-dead-strip keeps the coverage counters through --gc-sections.
	cd Fuzz && $(SWIFT) build -c release --scratch-path ../.build-fuzz --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --disable-dead-strip 2>&1 | grep -v 'Cannot export local symbol'

# The toml target may use 4 GB: TOMLKit 0.6.0 never frees a parsed table's toml++ tree (about 0.5 KB per
# parse, see Tests/lsan-suppressions.txt), so a 30-minute run outgrows libFuzzer's usual 2 GB limit
# without any fault in veille (a target's own -rss_limit_mb comes last and wins).
fuzz: fuzz-build
	mkdir -p .build-fuzz/corpus-$(FUZZ_TARGET) Fuzz/crashes
	@case "$(FUZZ_TARGET)" in \
	  parser) set -- FuzzFeedParser "$(FUZZ_CORPUS) Tests/FeedParsingTests/Fixtures" -dict=Fuzz/feed.dict -max_len=65536 ;; \
	  toml) set -- FuzzFeedsToml Fuzz/seeds/toml -dict=Fuzz/toml.dict -max_len=16384 -rss_limit_mb=4096 ;; \
	  cluster) set -- FuzzClusterInput Fuzz/seeds/cluster -dict=Fuzz/cluster.dict -max_len=16384 ;; \
	  html) set -- FuzzHTMLSanitizer Fuzz/seeds/html -dict=Fuzz/html.dict -max_len=16384 ;; \
	  *) echo "FUZZ_TARGET must be parser, toml, cluster or html" >&2; exit 2 ;; \
	esac; \
	bin=$$1 seeds=$$2; shift 2; \
	echo "fuzzing $$bin for $(FUZZ_SECONDS) s"; \
	SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt:print_suppressions=0 \
	  .build-fuzz/release/$$bin .build-fuzz/corpus-$(FUZZ_TARGET) $$seeds -rss_limit_mb=2048 "$$@" \
	  -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	  -artifact_prefix=Fuzz/crashes/$(FUZZ_TARGET)- -print_final_stats=1 $(if $(filter-out 1,$(FUZZ_JOBS)),-jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS))

fuzz-all: fuzz-build
	for t in parser toml cluster html; do $(MAKE) --no-print-directory fuzz FUZZ_TARGET=$$t || exit 1; done

# The whole test suite under AddressSanitizer, then ThreadSanitizer, each in its own scratch path.
# Not in CI: two extra cold builds (about 5 min each on 2 cores).
# Leaks inside TOMLKit and XCTest are suppressed (Tests/lsan-suppressions.txt); the veille processes
# the CLI tests start inherit the same options.
test-sanitizers: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt:print_suppressions=0 \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# kill -9 during poll cycles, 50 times; integrity, no lost entry, whole digests. About 2 min; not in CI.
CRASH_RUNS ?= 50
crash-test: build
	CRASH_RUNS=$(CRASH_RUNS) scripts/crash-loop.sh

# The soak rig (scripts/soak/): `veille run` (release build) on 500 live loopback feeds for SOAK_MINUTES,
# faults on a schedule, 3 SIGKILLs, digests parsed every 3 s; then the published-vs-stored check, the
# RSS/fds/CPU figures and a plot, in soak-results/<time>/ (summary.json, soak.png). Not in CI (2 h).
# BUILD_LOCK=FILE wraps the build in flock(1), for machines where builds take turns.
SOAK_MINUTES ?= 120
SOAK_FEEDS ?= 500
BUILD_LOCK ?=
soak-live: deps
	$(if $(BUILD_LOCK),flock $(BUILD_LOCK)) $(SWIFT) build $(RELEASE_FLAGS) --scratch-path .build-release
	SOAK_MINUTES=$(SOAK_MINUTES) SOAK_FEEDS=$(SOAK_FEEDS) VEILLE=.build-release/release/veille python3 scripts/soak/run.py

# The former 30-minute soak on static changing feeds is now the same rig (a shorter run: SOAK_MINUTES=30).
soak: soak-live
