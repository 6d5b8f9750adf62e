"""Scrapy spiders, middlewares and pipelines that collect reports into the raw archive (``xxgk crawl``/``xxgk run``)."""
