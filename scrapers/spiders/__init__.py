"""Spiders (Scrapy's ``SPIDER_MODULES``)."""
