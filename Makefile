# subtitler: make targets for editors, producers and CI.
#   make demo                 set up .venv and build the sample episode
#   make test                 run the test suite
#   make subs EP=name         subtitles for projects/name (timed to its video's narration)
#   make sample-media EP=name synthesise projects/name/media/ from its narration.txt
#   make bench-timing         timing engine benchmark (bench/results/timing.json)
#   make all                  subtitles for every project (only what changed)
#   make golden               regenerate the golden files the tests compare against

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := henan-industry-carriers
EP     ?= $(SAMPLE)

PROJECTS := $(patsubst projects/%/script.txt,%,$(wildcard projects/*/script.txt))
SOURCES  := $(wildcard subtitler/*.py subtitler/*.yaml)

.PHONY: demo test install subs sample-media all golden clean help bench-timing

# media a project synthesises from its narration.txt (the sample episode does)
media_of = $(if $(wildcard projects/$(1)/narration.txt),projects/$(1)/media/$(1).mp4)

help:
	@sed -n 's/^#   //p' Makefile

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

demo: $(STAMP) $(call media_of,$(SAMPLE))
	$(BIN)/subtitler subs projects/$(SAMPLE)
	@echo
	@echo "Sample video:            projects/$(SAMPLE)/media/$(SAMPLE).mp4"
	@echo "Subtitles (SRT/ASS/VTT): projects/$(SAMPLE)/build/"

test: $(STAMP)
	$(BIN)/python -m pytest -q

subs: $(STAMP) $(call media_of,$(EP))
	$(BIN)/subtitler subs projects/$(EP)

sample-media: $(STAMP)
	$(BIN)/subtitler sample-media projects/$(EP)

bench-timing: $(STAMP)
	$(BIN)/python bench/bench_timing.py

# one rule per project: rebuild when its script, its project.yaml or the code changed
define PROJECT_RULE
projects/$(1)/build/$(1).cues.json: projects/$(1)/script.txt $(wildcard projects/$(1)/project.yaml) $(call media_of,$(1)) $(SOURCES) | $(STAMP)
	$(BIN)/subtitler subs projects/$(1)
ifneq ($(call media_of,$(1)),)
projects/$(1)/media/$(1).mp4: projects/$(1)/narration.txt | $(STAMP)
	$(BIN)/subtitler sample-media projects/$(1)
endif
endef
$(foreach p,$(PROJECTS),$(eval $(call PROJECT_RULE,$(p))))

all: $(foreach p,$(PROJECTS),projects/$(p)/build/$(p).cues.json)

golden: $(STAMP)
	$(BIN)/python tests/regen_golden.py

clean:
	rm -rf $(foreach p,$(PROJECTS),projects/$(p)/build)
