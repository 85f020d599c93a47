# Two commands matter: `make run` and `make test` (see README.md).
# Everything goes into .venv, built with the newest Python 3.12+ found here.

VENV := .venv
VPY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Each candidate is run for real: a pyenv shim that is not selected fails, and
# an old python3 reports its version; both are passed over. PYTHON=... wins.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for candidate in python3.14 python3.13 python3.12 python3 \
	$${PYENV_ROOT:-$$HOME/.pyenv}/versions/*/bin/python3 \
	/usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  "$$candidate" -c 'import sys; v = sys.version_info; sys.exit(v < (3, 12)); ' 2>/dev/null \
	  && "$$candidate" -c 'import sys; print("%03d%03d %s" % (sys.version_info[0], sys.version_info[1], sys.executable))' 2>/dev/null; \
	done | sort -r | head -n 1 | cut -d' ' -f2)
endif

.PHONY: run test install install-test admin demo migrate check lint format backup restore clean

$(VENV)/.created:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Python 3.12 ou plus récent est introuvable (Django 6 l'exige)."; \
	  echo "Installez-le (par exemple : apt install python3.12, brew install python@3.13, ou pyenv install 3.13),"; \
	  echo "ou indiquez-le : make run PYTHON=/chemin/vers/python3.13"; \
	  exit 1; \
	fi
	@echo "Python utilisé : $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(VPY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(VPY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(VPY) manage.py migrate --no-input

demo: migrate
	$(VPY) manage.py load_demo_content

run: demo
	@echo ""
	@echo "Le site tourne sur http://$(HOST):$(PORT)/ (administration : http://$(HOST):$(PORT)/admin/)."
	@echo "Pour créer votre compte d'administration : make admin (le mot de passe vous sera demandé)."
	@echo ""
	$(VPY) manage.py runserver $(HOST):$(PORT)

admin: migrate
	$(VPY) manage.py createsuperuser

# The database and the media into backups/<date>-<time>/ (see README, "Sauvegardes").
backup: install
	$(VPY) manage.py backup_site

# Into an empty database only; FORCE=1 replaces whatever the database already holds.
restore: install
	@if [ -z "$(BACKUP)" ]; then \
	  echo "Indiquez la sauvegarde à restaurer : make restore BACKUP=backups/AAAAMMJJ-HHMMSS"; \
	  exit 1; \
	fi
	$(VPY) manage.py restore_site "$(BACKUP)" $(if $(FORCE),--force)

test: install-test
	$(VPY) -m pytest $(PYTEST_ARGS)

check: install-test
	$(VPY) manage.py check
	$(VPY) manage.py makemigrations --check --dry-run
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .
	$(VENV)/bin/lint-imports

lint: check

format: install-test
	$(VPY) -m ruff check --fix .
	$(VPY) -m ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
