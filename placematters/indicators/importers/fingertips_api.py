"""A live download from the Fingertips API, through fingertips_py, as a Fingertips CSV.

:func:`download` asks the API for one indicator's data for an area type (and a parent area
type), with fingertips_py's ``retrieve_data.get_data_by_indicator_ids``, which returns the
columns of the Fingertips data download; it writes them to a CSV that the ``fingertips``
importer then reads like any downloaded file. fingertips_py reads its base URL from a module
variable; :func:`download` points it at ``base_url`` (the ``FINGERTIPS_API_URL`` setting) for
the call and puts it back afterwards.

When the API cannot be reached (no network, a closed port, a server error), the download
raises :class:`ImportFailed` with one sentence that says what to do instead.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from urllib.error import URLError

from placematters.indicators.importers.base import ImportFailed, RowError

#: The Fingertips download's ``sortable time period`` column is asked for, so periods sort.
_URL = (
    "all_data/csv/by_indicator_id?indicator_ids={indicator}&child_area_type_id={area_type}"
    "&parent_area_type_id={parent}&include_sortable_time_periods=yes"
)
#: England (fingertips_py's default parent area type).
DEFAULT_PARENT_AREA_TYPE = 15
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")
_lock = threading.Lock()


def api_url(base_url: str, indicator_id: int, area_type_id: int, parent: int | None) -> str:
    """The URL fingertips_py reads for these IDs (recorded as the batch's source)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + _URL.format(
        indicator=int(indicator_id),
        area_type=int(area_type_id),
        parent=int(parent or DEFAULT_PARENT_AREA_TYPE),
    )


def unreachable_message(base_url: str, reason: str) -> str:
    return (
        f"Could not reach the Fingertips API at {base_url}: {reason}. Check the internet "
        "connection, or download the CSV from fingertips.phe.org.uk and import the file instead."
    )


def short_reason(error: BaseException) -> str:
    """The useful part of a network error ("Connection refused"), not a page of repr."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    if isinstance(reason, str) and reason:
        return reason
    text = str(error)
    found = _ERRNO.search(text)
    if found:
        return found.group(1).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def download(
    *,
    indicator_id: int,
    area_type_id: int,
    parent_area_type_id: int | None,
    base_url: str,
    folder: Path,
) -> tuple[Path, str]:
    """Fetch the indicator's data into ``folder``; return the CSV's path and the API URL.

    Raises ImportFailed (one whole-file error, :func:`unreachable_message`) when the API cannot
    be reached or answers with an error, and when it returns no rows.
    """
    import requests
    from fingertips_py import api_calls, retrieve_data

    url = api_url(base_url, indicator_id, area_type_id, parent_area_type_id)
    base = base_url if base_url.endswith("/") else base_url + "/"
    with _lock:
        saved = (retrieve_data.base_url, api_calls.base_url)
        retrieve_data.base_url = api_calls.base_url = base
        try:
            frame = retrieve_data.get_data_by_indicator_ids(
                int(indicator_id),
                int(area_type_id),
                parent_area_type_id=int(parent_area_type_id or DEFAULT_PARENT_AREA_TYPE),
                include_sortable_time_periods=True,
            )
        except (URLError, OSError, requests.RequestException, ValueError) as error:
            message = unreachable_message(base_url, short_reason(error))
            raise ImportFailed([RowError(None, "", message)]) from None
        except Exception as error:  # pandas' parser errors, an HTML error page...
            reason = f"its answer could not be read ({type(error).__name__})"
            message = unreachable_message(base_url, reason)
            raise ImportFailed([RowError(None, "", message)]) from None
        finally:
            retrieve_data.base_url, api_calls.base_url = saved
    if not len(frame):
        raise ImportFailed(
            [
                RowError(
                    None,
                    "",
                    f"the Fingertips API has no data for indicator {indicator_id} and area type "
                    f"{area_type_id}; check the two IDs on fingertips.phe.org.uk",
                )
            ]
        )
    path = Path(folder) / f"fingertips_{int(indicator_id)}_area_type_{int(area_type_id)}.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    return path, url
