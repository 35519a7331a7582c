<ol class="review">
  % for item in reviews:
  <li>
    <p class="review-question">{{summary(item.challenge.instruction) or item.challenge.id}}</p>
    <p class="review-status review-{{item.status.value}}">{{ {'ok': 'Bonne réponse', 'ko': 'Mauvaise réponse', 'skipped': 'Pas de réponse'}[item.status.value] }}</p>
    <details>
      <summary>Réponses et tutos</summary>
      <p>La bonne réponse : {{item.expected}}</p>
      % if item.tutorials:
      <p>Pour en apprendre davantage :</p>
      <ul>
        % for tutorial in item.tutorials:
        <li><strong>{{tutorial.title}}</strong>{{' (%d min)' % tutorial.duration_minutes if tutorial.duration_minutes else ''}}
          <div>{{!markdown(tutorial.content)}}</div></li>
        % end
      </ul>
      % end
    </details>
  </li>
  % end
</ol>
