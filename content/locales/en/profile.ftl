## Profile steps

# The page of the province list, under the province question.
province-page = Page { $page }/{ $pages }
