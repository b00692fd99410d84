# subtitler: make targets for editors, producers and CI.
#   make demo                 set up .venv and build the sample episode
#   make test                 run the test suite
#   make subs EP=name         subtitles for projects/name (timed to its video's narration)
#   make sample-media EP=name synthesise projects/name/media/ from its narration.txt
#   make burn EP=name         render build/name.burned.mp4: captions, title cards, credits
#   make preview EP=name AT=1:20 DUR=15   a small clip of that stretch, everything burned in
#   make stills EP=name       a contact sheet of the cues (build/name.stills.png)
#   make mux EP=name          build/name.softsubs.mkv with selectable EN/ZH tracks
#   make qc [EP=name]         check the cues against the subtitle rules (all projects without EP)
#   make check [EP=name]      fail when the committed tracks are out of date
#   make fetch [EP=name]      download the videos project.yaml's video_source names, if missing
#   make ci                   what CI runs on a script change: fetch, check, subs, qc
#   make review EP=name       build/review/index.html: a review page that opens as a file
#   make review-serve EP=name the same page served on localhost (PORT=8000; seeking works)
#   make bench-timing         timing engine benchmark (bench/results/timing.json)
#   make bench-render         render benchmark (bench/results/render.json)
#   make all                  subtitles for every project (only what changed)
#   make golden               regenerate the golden files the tests compare against
#   make install              only set up .venv (the versions in constraints.txt)
#   make lock                 rewrite constraints.txt from the newest releases pyproject allows
#   make clean                delete every project's build/ folder (generated files only)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# pip constraints: the tested version of every package (`make install CONSTRAINTS=` takes none)
CONSTRAINTS ?= constraints.txt
PIP_INSTALL = $(BIN)/python -m pip install --quiet $(if $(CONSTRAINTS),-c $(CONSTRAINTS))
SAMPLE := henan-industry-carriers
EP     ?= $(SAMPLE)
# a one-episode target without EP= works on the sample: say so, not silently
ifeq ($(origin EP),file)
ifneq ($(filter subs burn preview stills mux review review-serve sample-media,$(MAKECMDGOALS)),)
$(info EP= not given: working on the sample episode, $(SAMPLE))
endif
endif

# EP=projects/name/ (as the shell completes a folder) is EP=name
EP_GIVEN := $(filter command line,$(origin EP))
ifneq ($(EP_GIVEN),)
override EP := $(patsubst projects/%,%,$(patsubst %/,%,$(EP)))
endif

# make cannot name a folder with a space or one of # $ % : ; = ' in it: such a project gets no
# rules of its own (no `make subs EP=`), with a warning, but `check` and `qc` (so `ci`) take it
# by its quoted path: a broken one still fails CI (it passed, unchecked)
ODD_NAME := [[:space:]\#$$%:;='\'']
PROJECTS := $(shell cd projects 2>/dev/null && ls -d */script.txt 2>/dev/null \
  | grep -v "$(ODD_NAME)" | sed 's,/script.txt$$,,')
ODD      := $(shell cd projects 2>/dev/null && ls -d */script.txt 2>/dev/null \
  | grep "$(ODD_NAME)" | sed 's,/script.txt$$,,' | tr '\n' ';')
ODD_ARGS := $(shell cd projects 2>/dev/null && ls -d */script.txt 2>/dev/null \
  | grep "$(ODD_NAME)" | sed "s,/script.txt$$,,; s,','\\\\'',g; s,.*,'projects/&',")
# a folder with a project.yaml or committed subtitles/ but no script.txt is a project that lost its
# script: `check`, `qc` and `fetch` name it (it was skipped without a word, its tracks unchecked)
NO_SCRIPT := $(filter-out $(PROJECTS),$(shell cd projects 2>/dev/null && ls -d */project.yaml \
  */subtitles 2>/dev/null | grep -v "$(ODD_NAME)" | sed 's,/[^/]*$$,,' | sort -u))
NO_SCRIPT_ODD := $(shell cd projects 2>/dev/null && ls -d */project.yaml */subtitles 2>/dev/null \
  | grep "$(ODD_NAME)" | sed 's,/[^/]*$$,,' | sort -u | while IFS= read -r d; do \
  [ -f "$$d/script.txt" ] || printf '%s\n' "$$d"; done \
  | sed "s,','\\\\'',g; s,.*,'projects/&',")
HASH := \#
ifneq ($(ODD),)
$(warning make cannot name these folders (a space or one of $(HASH) $$ % : ; = '), so `make subs EP=` \
  and the renders cannot either; `check` and `qc` take them; rename them to use the rest: $(ODD))
endif
SOURCES  := $(wildcard subtitler/*.py subtitler/*.yaml)

.PHONY: demo test install lock subs sample-media fetch all golden clean help bench-timing bench-render \
        burn preview stills mux qc check ci review review-serve no-such-ep have-projects FORCE
PORT ?= 8000
AT  ?= 0
DUR ?= 15
QC_PROJECTS = $(if $(EP_GIVEN),projects/$(EP),\
  $(addprefix projects/,$(PROJECTS) $(NO_SCRIPT)) $(ODD_ARGS) $(NO_SCRIPT_ODD))

# every file of a project but its build/ and hidden files, in subfolders too (a timing file or
# video kept in one); the tracks `subs` commits are written before build/, so they do not
# make it stale
inputs_of = $(shell find projects/$(1) \( -path projects/$(1)/build -o -name '.*' \) -prune \
  -o -type f -print 2>/dev/null | sed 's/ /\\ /g')
# media a project synthesises from its narration.txt (the sample episode does)
media_of = $(if $(wildcard projects/$(1)/narration.txt),projects/$(1)/media/$(1).mp4)
# a copy of the narration.txt the media was last made from (hidden: no input of the cues; media/
# is not committed). The media is remade when narration.txt's content differs from it (or the
# media is missing), not when only its time does: an editor's save, a checkout or touch ran
# sample-media again and re-timed the episode, and `make -n`/`-q` said so. Before there is a
# copy, by narration.txt's time, as it always was
narration_copy = projects/$(1)/media/.narration.txt
media_prereq = $(if $(wildcard $(call narration_copy,$(1))),$(if $(shell cmp -s \
  projects/$(1)/narration.txt $(call narration_copy,$(1)) || echo changed),FORCE),\
  projects/$(1)/narration.txt)

help:
	@sed -n 's/^#   //p' Makefile

# the tools (what subs, the renders and CI's subtitles job need); the test extras (pytest,
# hypothesis, playwright) only for `make test`
$(STAMP): pyproject.toml $(CONSTRAINTS)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(PIP_INSTALL) -e '.[test]'
	@touch $@

install: $(STAMP)

# resolve afresh in a throw-away venv, then keep its versions (pip freeze) as the constraints
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip
	$(VENV)-lock/bin/python -m pip install --quiet '.[test]'
	{ sed -n '/^#/p' constraints.txt; \
	  $(VENV)-lock/bin/python -m pip freeze --exclude subtitler; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt
	rm -rf $(VENV)-lock
	@git diff --stat -- constraints.txt 2>/dev/null || true

demo: $(STAMP) $(call media_of,$(SAMPLE))
	$(BIN)/subtitler subs projects/$(SAMPLE)
	$(BIN)/subtitler burn projects/$(SAMPLE)
	$(BIN)/subtitler review projects/$(SAMPLE)
	@echo
	@echo "Sample video:            projects/$(SAMPLE)/media/$(SAMPLE).mp4"
	@echo "Subtitles (SRT/ASS/VTT): projects/$(SAMPLE)/build/"
	@echo "Rendered video:          projects/$(SAMPLE)/build/$(SAMPLE).burned.mp4"
	@echo "Review page:             projects/$(SAMPLE)/build/review/index.html"

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

subs: $(STAMP) $(call media_of,$(EP))
	$(BIN)/subtitler subs projects/$(EP)

sample-media: $(STAMP)
	$(BIN)/subtitler sample-media projects/$(EP)
	$(if $(call media_of,$(EP)),cp projects/$(EP)/narration.txt $(call narration_copy,$(EP)))

bench-timing: $(STAMP) $(call media_of,$(SAMPLE))
	$(BIN)/python -m compileall -q subtitler
	$(BIN)/python bench/bench_timing.py
	$(BIN)/python bench/bench_sample.py

bench-render: $(STAMP) $(call media_of,$(SAMPLE))
	$(BIN)/python -m compileall -q subtitler  # bytecode, as a normal run writes it
	$(BIN)/python bench/bench_render.py

# the renders and the review page need the episode's cues, rebuilt only when a file they come
# from changed; EP= naming no project: subtitler's own error line (with a "did you mean"), not make's
EP_CUES = $(if $(filter $(EP),$(PROJECTS)),projects/$(EP)/build/$(EP).cues.json,no-such-ep)
burn: $(EP_CUES)
	$(BIN)/subtitler burn projects/$(EP)

preview: $(EP_CUES)
	$(BIN)/subtitler preview projects/$(EP) --at $(AT) --duration $(DUR)

stills: $(EP_CUES)
	$(BIN)/subtitler stills projects/$(EP)

mux: $(EP_CUES)
	$(BIN)/subtitler mux projects/$(EP)

no-such-ep: $(STAMP)
	@$(BIN)/subtitler blocks projects/$(EP) >/dev/null

# every project is rebuilt and checked, whatever fails first (make -k); the first failure
# decides the exit status
qc: have-projects $(if $(EP_GIVEN),$(EP_CUES),$(STAMP))
	@status=0; \
	$(if $(EP_GIVEN),,$(MAKE) --no-print-directory -k all || status=1;) \
	$(BIN)/subtitler qc $(QC_PROJECTS) || status=1; \
	exit $$status

check: have-projects $(STAMP) $(foreach p,$(PROJECTS),$(call media_of,$(p)))
	$(BIN)/subtitler check $(if $(EP_GIVEN),,--skip-uncommitted) $(QC_PROJECTS)

# fetch, check, qc and ci with no project at all: one line saying so (it was three usage messages)
have-projects:
	@$(if $(strip $(QC_PROJECTS)),true,echo "error: no projects under projects/ (a project is a \
	  folder holding script.txt and project.yaml; see README)" >&2; exit 2)

# as the CI workflow: the committed tracks first (before anything rewrites them), then
# regenerate and QC; every step runs, and the first failure decides the exit status. In a git
# work tree, tracks or locks the regeneration left different from the commit fail it too, so a
# second run does not pass on files nobody committed.
# the episodes' videos (media/ is not committed), from video_source in each project.yaml
fetch: have-projects $(STAMP)
	$(BIN)/subtitler fetch $(QC_PROJECTS)

ci: have-projects $(STAMP)
	@status=0; \
	$(MAKE) --no-print-directory fetch || status=1; \
	$(MAKE) --no-print-directory check || status=1; \
	$(MAKE) --no-print-directory qc || status=1; \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && \
	   [ -n "$$(git status --porcelain -- projects)" ]; then \
	  echo "ci: files under projects/ differ from the commit or are not committed (git status projects): commit them"; \
	  git status --short -- projects; status=1; \
	fi; \
	exit $$status

review: $(EP_CUES)
	$(BIN)/subtitler review projects/$(EP)

review-serve: $(EP_CUES)
	$(BIN)/subtitler review projects/$(EP) --serve --port $(PORT)

# one rule per project: rebuild when a file of the project (its script, project.yaml, timing
# lock, an editor's timing file), its media or the code changed; folders (build/, media/, the
# committed tracks) have no dot and are not prerequisites. A narration.txt counts through the
# media made from it (subs does not read it): saved unchanged, it re-timed the episode
define PROJECT_RULE
projects/$(1)/build/$(1).cues.json: $(filter-out $(if $(call media_of,$(1)),\
    projects/$(1)/narration.txt),$(call inputs_of,$(1))) $(call media_of,$(1)) $(SOURCES) \
    | $(STAMP)
	$(BIN)/subtitler subs projects/$(1)
ifneq ($(call media_of,$(1)),)
projects/$(1)/media/$(1).mp4: $(call media_prereq,$(1)) | $(STAMP)
	$(BIN)/subtitler sample-media projects/$(1)
	cp projects/$(1)/narration.txt $(call narration_copy,$(1))
endif
endef
$(foreach p,$(PROJECTS),$(eval $(call PROJECT_RULE,$(p))))
FORCE:

all: $(foreach p,$(PROJECTS),projects/$(p)/build/$(p).cues.json)

golden: $(TEST_STAMP)
	$(BIN)/python tests/regen_golden.py

clean:
	rm -rf $(foreach p,$(PROJECTS),projects/$(p)/build)
