"""Front-end pages for people and organisations: no Wagtail admin rights needed."""
