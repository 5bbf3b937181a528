"""Date and time formats of the admin in Kazakh, Russian and English: day first (except English dates), and a
24-hour clock in every language, as Kazakhstan writes it (``FORMAT_MODULE_PATH``)."""
