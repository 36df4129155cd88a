# The README's commands call these targets through .ci/setup, which first
# installs what is missing. Run them directly once the machine is set up.
GO      ?= go
BIN     ?= ./slidereel
SHOT    ?= assets/screenshot.png

.PHONY: run build test vet lint fuzz fuzz-short screenshot bench bench-render bench-beats clean

## run: build and open the editor on the bundled demo project
run: build
	$(BIN)

## build: compile the slidereel binary
build:
	$(GO) build -o $(BIN) .

## test: the lint gate, then every test with the race detector (ffmpeg is required when CI=true)
test: lint
	@command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { \
	  echo "ffmpeg/ffprobe not found: run 'bash .ci/setup test'"; [ "$$CI" != "true" ] || exit 1; }
	$(GO) test -race -count=1 ./...
	$(MAKE) fuzz-short

# The fuzz targets, as "package target"; crashers they find land in the
# package's testdata/fuzz/ and run as test cases from then on.
FUZZ_TARGETS = ./project/ FuzzParse ./preview/ FuzzEXIF ./sound/ FuzzDecodeWAV
FUZZTIME ?= 10m

## fuzz-short: each fuzz target for 50,000 inputs, a few seconds (run by make test). A count,
## not a time: a time limit can end in a spurious "context deadline exceeded" failure on a
## loaded machine (golang/go#75804, seen here once in FuzzParse with no crasher).
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$${FUZZ_SHORT:-50000x}

## fuzz: each fuzz target for FUZZTIME (default 10m), one after the other
fuzz:
	@set -e; set -- $(FUZZ_TARGETS); while [ $$# -gt 0 ]; do \
	  echo "fuzz $$2 ($$1) for $(FUZZTIME)"; \
	  $(GO) test -run '^$$' -fuzz "^$$2$$" -fuzztime $(FUZZTIME) $$1; shift 2; done

## lint: gofmt, go vet, staticcheck and the complexity gate (.ci/complexity); tools pinned in go.mod
lint: vet
	$(GO) tool staticcheck ./...
	bash .ci/complexity

## vet: go vet and gofmt
vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }

## screenshot: run the real app under Xvfb on the demo project and save a PNG
screenshot: build
	bash bench/screenshot.sh $(BIN) $(SHOT)

## bench-beats: beat snapping accuracy on generated and sox-made music (worst slide change error per track)
bench-beats:
	bash bench/beats.sh

## bench: renderer micro-benchmarks (ms/frame) and the export benchmark
bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x ./preview/
	bash bench/export.sh

clean:
	rm -f $(BIN)
