# veille — build, test and run. `make run` and `make test` are the README's quick start.
SWIFT ?= swift
PREFIX ?= /usr/local
CONFIG ?= Feeds.toml
DEB_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev pkg-config libstemmer-dev snowball-data
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release test run check clean

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
	$(SWIFT) build -c release

test: deps
	$(SWIFT) test

# veille's main job on ./Feeds.toml.
run: release
	.build/release/veille check --config $(CONFIG)

check: build
	.build/debug/veille check --config $(CONFIG)

clean:
	rm -rf .build
