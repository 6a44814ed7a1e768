"""Visit pages in Chromium and report Content-Security-Policy violations.

Run by test_csp.py in a process of its own, so that its Playwright does not
meet the one tests/browser keeps running for the whole session:

    python -m tests.production.csp_probe '{"base": ..., "email": ..., ...}'

Prints one JSON object: the pages visited and every violation seen.
"""

import json
import sys

CHROMIUM = "/usr/bin/chromium"

CATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def probe(base, email, password, pages, upload_page, upload_file, video_page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import sync_playwright

    report = {"visited": [], "violations": [], "console": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        page = browser.new_page()
        page.set_default_timeout(15_000)
        page.add_init_script(CATCH_VIOLATIONS)
        page.on(
            "console",
            lambda m: report["console"].append(m.text) if "Content Security" in m.text else None,
        )

        def collect(url):
            report["violations"] += [f"{url}: {v}" for v in page.evaluate("window.__cspViolations")]

        def visit(url):
            page.goto(base + url)
            page.wait_for_load_state("load")
            report["visited"].append(url)
            collect(url)

        visit("/accounts/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(base + "/")
        for url in pages:
            visit(url)
            if url == upload_page:
                # The preview of a file being uploaded is a blob: URL.
                page.set_input_files(".dropzone input[type=file]", upload_file)
                try:
                    page.locator(".upload__preview img").wait_for(timeout=5_000)
                except PlaywrightTimeoutError:
                    report["violations"].append(f"{url}: the upload preview did not show")
                page.wait_for_timeout(300)
                collect(url + " (upload preview)")
        # The finished video, from our own access-checked view.
        visit(video_page)
        page.evaluate("document.querySelector('video').muted = true")
        page.evaluate("document.querySelector('video').play()")
        page.wait_for_timeout(800)
        report["video_time"] = page.evaluate("document.querySelector('video').currentTime")
        collect(video_page + " (playing)")
        browser.close()
    return report


if __name__ == "__main__":
    print(json.dumps(probe(**json.loads(sys.argv[1]))))
