# KubeLedger: two set-up commands (make demo, make test); see README.md.
SWIFT ?= swift
PREFIX ?= /usr/local
DEMO_STORE ?= $(CURDIR)/demo-store

.PHONY: deps build release test ui-check demo install bench clean

# Installs Debian's packages when missing: LMDB and its tools, zstd, SQLite (benchmarks), and for
# the tests of `kubeledger serve`: curl, openssl and python3-kubernetes (a second real client), and
# chromium (headless) for the end-to-end tests of the timeline page at /ui/.
deps:
	@missing=""; \
	for p in liblmdb-dev lmdb-utils libsqlite3-dev libzstd-dev curl openssl python3-kubernetes chromium; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The page's sources (tools/ui-src) and the Swift literals the binary serves must not drift apart.
ui-check:
	python3 tools/ui-embed.py --check

test: deps ui-check
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: release
	@bash tools/demo.sh "$(CURDIR)/.build/release/kubeledger" "$(DEMO_STORE)" "$(CURDIR)/.build/release/kubeledger-gen"

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/kubeledger $(DESTDIR)$(PREFIX)/bin/kubeledger
	ln -sf kubeledger $(DESTDIR)$(PREFIX)/bin/kubectl-ledger

bench: release
	.build/release/kubeledger-bench all

clean:
	rm -rf .build demo-store

# Reliability (issue 6; results in docs/reliability.md).
.PHONY: fuzz crash
FUZZ_SECONDS ?= 60
# libFuzzer harnesses of every parser, FUZZ_SECONDS each (a separate package: tools/fuzz).
fuzz: deps
	bash tools/fuzz/run.sh $(FUZZ_SECONDS)

# kill -9, writers/readers, disk full, read-only, migrate and backup scenarios on the built binary.
crash: build
	bash tools/crash/crash-test.sh
